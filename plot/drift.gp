# drift.png: the spread between the machines' clocks (top), and each clock minus the fastest
# machine's (bottom), against model time.
W = 1280; H = 960
load dir.'/common.gp'
set multiplot layout 2,1 title "Drift between the machines' logical clocks\n".params
set title 'drift = highest clock - lowest clock, at each event'
set xlabel 'model time (s)'
set ylabel 'drift (clock units)'
set xrange [0:dur]
set yrange [0:*]
eval shade
plot pd.'/drift.dat' using 1:2 with steps lw 2 lc rgb '#333333' title 'highest - lowest'

set title sprintf('each clock minus the clock of machine %d, the fastest (%s)', ref, ticks(ref))
set ylabel 'clock difference (clock units)'
set yrange [*:*]
plot for [i=0:N-1] pd.'/drift.dat' using 1:(column(i + 3)) with steps lw 2 lc rgb colour(i) title machine(i)
unset multiplot
