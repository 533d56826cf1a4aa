# study_theory.gp: the theory against the measurement for every machine of a study: the share of
# its ticks that were receives (left) and the growth of its queue (right), measured against
# predicted; on the diagonal they agree. Reads gd/theory.dat (lcstudy): per configuration a
# block of pred_recv_share recv_share pred_growth growth.
W = 1400; H = 640
load dir.'/study_common.gp'
set multiplot layout 1,2 title 'The theory against the measurement, every machine (docs/analysis.md, "The theory")'
set xlabel 'predicted share of ticks that are receives'
set ylabel 'measured share'
set xrange [0:1.02]
set yrange [0:1.02]
set size ratio -1
plot x with lines dt 2 lc rgb '#444444' title 'agreement', \
     for [i=0:C-1] gd.'/theory.dat' index i using 1:2 with points pt 7 ps 0.6 lc rgb faint(i) title ctitle[i + 1]
set xlabel 'predicted queue growth (messages per model second)'
set ylabel 'measured: pending at the end / duration'
set autoscale xy
set xrange [0:*]
set yrange [0:*]
plot x with lines dt 2 lc rgb '#444444' title 'agreement', \
     for [i=0:C-1] gd.'/theory.dat' index i using 3:4 with points pt 7 ps 0.6 lc rgb faint(i) title ctitle[i + 1]
unset multiplot
