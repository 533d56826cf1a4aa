# cone.png: the causal cone of one event e in a space-time diagram of a window around it.
# Every event of the window is marked by its relation to e: its causal past (a -> e), its
# causal future (e -> a), or concurrent with e, apart by its Lamport clock: smaller than C(e)
# (the clock puts it before e, causality does not), the same, or larger. Extra variables, from
# lcstat's plotdata/cone.dat: wa, wb (the window, s), cm, ck (e: machine, its number there),
# cc, ct (e's clock and model time), cpast, cfut, csmall, cequal, clarge, cevents (over the
# whole run), cexact (0 when some of the run's SENDs are missing from the logs).
W = 1600; H = 900
load dir.'/common.gp'
set title sprintf("Causal cone of machine %d's event %d (clock %d, model time %g s)\n%s", cm, ck, cc, ct, params)
set xlabel sprintf("model time (s)\nIn the whole run (%d events): %d in its past, %d in its future; concurrent with it: %d with a smaller clock, %d with the same, %d with a larger one%s", \
                   cevents, cpast, cfut, csmall, cequal, clarge, cexact ? '' : ' (approximate: some SENDs are missing from the logs)')
set xrange [wa:wb]
set yrange [-0.7:N - 0.3]
set ytics ()
do for [i=0:N-1] { set ytics add (sprintf("machine %d\n%s", i, ticks(i)) i) }
set ytics scale 0
unset grid
set grid xtics lc rgb '#eeeeee'
do for [i=0:N-1] { set arrow from wa, i to wb, i nohead lc rgb '#aaaaaa' lw 1 back }
# e's instant: events left of it are earlier in model time, yet only the blue ones are in its past.
set arrow from ct, -0.7 to ct, N - 0.3 nohead dt 3 lc rgb '#888888' lw 1 back
set key at screen 0.53, 0.012 center bottom horizontal maxcols 3 noopaque nobox width 1
set bmargin 9
set lmargin at screen 0.09
set rmargin at screen 0.98
inwin(t) = t >= wa && t <= wb
shown(s, r) = inwin(s) || inwin(r)
labels = N <= 12
cls(c) = column(4) == c
cd = pd.'/cone.dat'

plot \
  pd.'/messages.dat' using 2:(shown($2, $4) && $6 == 0 ? $1 : NaN):($4 - $2):($3 - $1) \
     with vectors head filled size screen 0.006,20 lw 1 lc rgb '#bbbbbb' title 'message', \
  pd.'/messages.dat' using 2:(shown($2, $4) && $6 == 1 ? $1 : NaN):($4 - $2):($3 - $1) \
     with vectors head empty size screen 0.006,20 dt 2 lw 1 lc rgb '#bbbbbb' notitle, \
  cd using 1:(cls(1) ? $2 : NaN) with points pt 7 ps 1.6 lc rgb '#1f77b4' title 'causal past: happened before e', \
  cd using 1:(cls(2) ? $2 : NaN) with points pt 7 ps 1.6 lc rgb '#d62728' title 'causal future: e happened before it', \
  cd using 1:(cls(0) ? $2 : NaN) with points pt 3 ps 3.2 lw 3 lc rgb '#000000' title 'the event e', \
  cd using 1:(cls(3) ? $2 : NaN) with points pt 8 ps 1.9 lw 2 lc rgb '#ff7f0e' title 'concurrent, smaller clock: the clock invents "before e"', \
  cd using 1:(cls(4) ? $2 : NaN) with points pt 12 ps 1.9 lw 2 lc rgb '#9467bd' title 'concurrent, same clock', \
  cd using 1:(cls(5) ? $2 : NaN) with points pt 10 ps 1.9 lw 2 lc rgb '#2ca02c' title 'concurrent, larger clock: the clock invents "after e"', \
  cd using 1:2:(labels && inwin($1) ? sprintf('%d', $3) : '') with labels offset 0,1.2 font ',9' tc rgb '#222222' notitle
