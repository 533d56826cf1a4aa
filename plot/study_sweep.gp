# study_sweep.gp: the key figures of a sweep against the swept value: the median over the runs
# (line), its interval (order statistics, band), and the theory's prediction on the panel that
# has one (theory_panel, from 1; 0: none, as in a sweep of the network). Reads gd/sweep.dat
# (lcstudy): the value, then per panel p = 0..5 median, low, high, predicted. A panel whose
# figure no run measured (smeasured[p + 1] = 0: the largest jump after a heal past every run's
# end) says so: gnuplot refuses a plot with no point.
W = 1400; H = 1100
load dir.'/study_common.gp'
set multiplot layout 3,2 title 'Sweep of '.sweep.': median over the runs with its interval'
set key inside top left horizontal font ',9'
set xlabel sweep_axis
do for [p=0:5] {
  set title stitle[p + 1]
  if (!smeasured[p + 1]) {
    unset xtics; unset ytics
    set label 1 'not measured in any run' at graph 0.5, 0.5 center
    plot [0:1] [0:1] 2 notitle
    unset label 1
    set xtics; set ytics
  } else { if (p + 1 == theory_panel) {
    plot gd.'/sweep.dat' using 1:(column(3 + 4 * p)):(column(4 + 4 * p)) with filledcurves lc rgb '#c6dbef' title 'interval of the median', \
         '' using 1:(column(2 + 4 * p)) with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'median', \
         '' using 1:(column(5 + 4 * p)) with lines dt 2 lw 2 lc rgb '#d62728' title 'theory'
  } else {
    plot gd.'/sweep.dat' using 1:(column(3 + 4 * p)):(column(4 + 4 * p)) with filledcurves lc rgb '#c6dbef' title 'interval of the median', \
         '' using 1:(column(2 + 4 * p)) with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'median'
  } }
}
unset multiplot
