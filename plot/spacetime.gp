# spacetime.png: a Lamport space-time diagram of the model-time window [wa, wb]: one line per
# machine, a mark per event (labelled with the clock after it), an arrow per message from its
# send to its receive. Extra variables: wa, wb (seconds).
W = 1600; H = 900
load dir.'/common.gp'
set title sprintf("Space-time diagram, model time %g to %g s\n%s", wa, wb, params)
set xlabel 'model time (s)'
set xrange [wa:wb]
xa = wa; xb = wb
eval shade
set yrange [-0.7:N - 0.3]
set ytics ()
do for [i=0:N-1] { set ytics add (sprintf("machine %d\n%s", i, ticks(i)) i) }
set ytics scale 0
unset grid
set grid xtics lc rgb '#eeeeee'
do for [i=0:N-1] { set arrow from wa, i to wb, i nohead lc rgb '#aaaaaa' lw 1 back }
# The legend goes under the x axis label.
set key at screen 0.53, 0.012 center bottom horizontal maxcols 5 noopaque nobox width 1
set bmargin 7
set lmargin at screen 0.09
set rmargin at screen 0.98
inwin(t) = t >= wa && t <= wb
# An arrow is drawn when its send or its receive is in the window.
shown(s, r) = inwin(s) || inwin(r)
labels = N <= 12
# (Rows outside the window keep their y and get an empty label: gnuplot 5.4 crashes on a
# labels plot whose points are all undefined.)

plot \
  pd.'/messages.dat' using 2:(shown($2, $4) && $6 == 0 ? $1 : NaN):($4 - $2):($3 - $1) \
     with vectors head filled size screen 0.007,20 lw 1.2 lc rgb '#555555' title 'message, send to receive', \
  pd.'/messages.dat' using 2:(shown($2, $4) && $6 == 1 ? $1 : NaN):($4 - $2):($3 - $1) \
     with vectors head empty size screen 0.007,20 dt 2 lw 1 lc rgb '#999999' title 'still queued at the end', \
  for [i=0:N-1] events(i) using 1:(inwin($1) && $5 == 0 ? i : NaN) with points pt 6 ps 1.3 lw 2 lc rgb colour(i) notitle, \
  for [i=0:N-1] events(i) using 1:(inwin($1) && $5 == 1 ? i : NaN) with points pt 9 ps 1.8 lc rgb colour(i) notitle, \
  for [i=0:N-1] events(i) using 1:(inwin($1) && $5 == 2 ? i : NaN) with points pt 5 ps 1.3 lc rgb colour(i) notitle, \
  for [i=0:N-1] events(i) using 1:(i):(labels && inwin($1) ? sprintf('%d', $2) : '') \
     with labels offset 0,1.1 font ',8' tc rgb '#222222' notitle, \
  NaN with points pt 6 ps 1.3 lw 2 lc rgb '#333333' title 'internal', \
  NaN with points pt 9 ps 1.8 lc rgb '#333333' title 'send', \
  NaN with points pt 5 ps 1.3 lc rgb '#333333' title 'receive'
