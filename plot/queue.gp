# queue.png: queue length against model time (top) and its distribution per machine (bottom).
W = 1280; H = 960
load dir.'/common.gp'
set multiplot layout 2,1 title "Message queue length\n".params
# The queue as each event's row logs it; logical_clock's closing table ("largest queue") also
# counts messages that arrived between two events, so its figure can be higher than this peak.
set title "messages waiting in the queue after each event (logical_clock's \"largest queue\" also counts arrivals between events)"
set xlabel 'model time (s)'
set ylabel 'queue length (messages)'
set xrange [0:dur]
set yrange [0:*]
eval shade
plot for [i=0:N-1] events(i) using 1:4 with steps lw 1.5 lc rgb colour(i) title machine(i)

eval noshade
set title 'distribution of the queue length per machine'
set xlabel 'queue length after an event (messages)'
set ylabel 'share of the machine''s events (%)'
logy = 0
set yrange [0:105]
set xrange [-0.6:*]
stats pd.'/queue_hist.dat' using 1 nooutput
if (STATS_max <= 25) { set xtics 1 } else { set xtics autofreq }
set style fill solid 0.8 noborder
bw = 0.8 / N
if (bars) {
  plot for [i=0:N-1] pd.'/queue_hist.dat' using ($1 + (i - (N - 1) / 2.0) * bw):(100 * column(i + 2)):(bw) \
       with boxes lc rgb colour(i) title machine(i)
} else {
  set title 'cumulative distribution per machine'
  set ylabel 'share of the machine''s events at or below (%)'
  plot for [i=0:N-1] pd.'/queue_hist.dat' using 1:(100 * column(i + 2)) smooth cumulative \
       with linespoints pt 7 ps 0.6 lw 1.5 lc rgb colour(i) title machine(i)
}
unset multiplot
