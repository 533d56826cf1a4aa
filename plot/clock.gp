# clock.png: each machine's logical clock against model time.
W = 1280; H = 720
load dir.'/common.gp'
set title "Logical clock per machine\n".params
set xlabel 'model time (s)'
set ylabel 'logical clock (after each event)'
set xrange [0:dur]
set yrange [0:*]
eval shade
plot for [i=0:N-1] events(i) using 1:2 with steps lw 2 lc rgb colour(i) title machine(i)
