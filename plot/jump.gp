# jump.png: clock jumps against model time (top) and their distribution per machine (bottom).
W = 1280; H = 960
load dir.'/common.gp'
set multiplot layout 2,1 title "Clock jumps (clock after an event minus clock after the previous one)\n".params
# Machines are spread a little apart vertically so that equal jumps do not hide each other.
dodge(i) = N > 1 ? (i - (N - 1) / 2.0) * 0.45 / N : 0
set title 'jump at each event (1 = internal or send; a receive jumps to max(own, message) + 1)'
set xlabel 'model time (s)'
set ylabel 'jump (clock units)'
set xrange [0:dur]
set yrange [0:*]
eval shade
set offsets 0, 0, graph 0.05, 0
plot for [i=0:N-1] events(i) using 1:($3 + dodge(i)) with points pt 7 ps 0.5 lc rgb colour(i) title machine(i)

set offsets 0, 0, 0, 0
eval noshade
set title 'distribution of jumps per machine'
set xlabel 'jump (clock units)'
set ylabel 'share of the machine''s events (%, log scale)'
logy = bars
if (logy) { set logscale y }
if (logy) { set yrange [*:150] } else { set yrange [0:105] }
set xrange [0.4:*]
stats pd.'/jump_hist.dat' using 1 nooutput
if (STATS_max <= 25) { set xtics 1 } else { set xtics autofreq }
set style fill solid 0.8 noborder
bw = 0.8 / N
if (bars) {
  plot for [i=0:N-1] pd.'/jump_hist.dat' using ($1 + (i - (N - 1) / 2.0) * bw):(column(i + 2) > 0 ? 100 * column(i + 2) : NaN):(bw) \
       with boxes lc rgb colour(i) title machine(i)
} else {
  set title 'cumulative distribution per machine'
  set ylabel 'share of the machine''s events at or below (%)'
  plot for [i=0:N-1] pd.'/jump_hist.dat' using 1:(100 * column(i + 2)) smooth cumulative \
       with linespoints pt 7 ps 0.6 lw 1.5 lc rgb colour(i) title machine(i)
}
unset multiplot
