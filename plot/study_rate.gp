# study_rate.gp: one figure of every machine of a study, against its tick rate (left) and its
# rate relative to the fastest machine of its run (right); points for machines, a line for the
# mean per rate, one colour per configuration. Reads gd/machines.dat, by_rate.dat, by_rel.dat
# (lcstudy): columns 1 rate, 2 relative rate, 3 jitter, then the figures. Variables: col (the
# figure's column), label (its name), pred (the column of the theory's prediction, 0 if none).
W = 1400; H = 640
load dir.'/study_common.gp'
set multiplot layout 1,2 title label.' per machine: by its tick rate (left) and its rate relative to the fastest machine of its run (right)'
spread = 0.7 / C
off(i) = (i - (C - 1) / 2.0) * spread
set xlabel 'tick rate (ticks/s)'
set ylabel label
set offsets 0.5, 0.5, graph 0.05, 0
set yrange [0:*]
set xtics 1
plot for [i=0:C-1] gd.'/machines.dat' index i using ($1 + off(i) + $3 * spread * 0.8):col with points pt 7 ps 0.5 lc rgb faint(i) notitle, \
     for [i=0:C-1] gd.'/by_rate.dat' index i using ($1 + off(i)):col with linespoints lw 2 pt 5 ps 0.9 lc rgb colour(i) title ctitle[i + 1], \
     for [i=0:(pred > 0 ? C - 1 : -1)] gd.'/by_rate.dat' index i using ($1 + off(i)):pred with lines dt 2 lw 1.5 lc rgb colour(i) title (i == 0 ? 'theory (dashed)' : '')
set xlabel 'rate relative to the fastest machine of the run'
set xtics autofreq
set offsets 0.03, 0.03, graph 0.05, 0
plot for [i=0:C-1] gd.'/machines.dat' index i using ($2 + $3 * 0.02):col with points pt 7 ps 0.5 lc rgb faint(i) notitle, \
     for [i=0:C-1] gd.'/by_rel.dat' index i using 1:col with linespoints lw 2 pt 5 ps 0.7 lc rgb colour(i) title ctitle[i + 1], \
     for [i=0:(pred > 0 ? C - 1 : -1)] gd.'/by_rel.dat' index i using 1:pred with lines dt 2 lw 1.5 lc rgb colour(i) title (i == 0 ? 'theory (dashed)' : '')
unset multiplot
