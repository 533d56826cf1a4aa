# Settings shared by every graph. plot.sh passes, with gnuplot -e:
#   pd      the run's plotdata directory (lcstat's output)
#   out     the output file without extension
#   fmt     'png' or 'svg'
#   N       the number of machines
#   rates   the machines' rates, space-separated, by id ("4 6 3")
#   params  the run's parameters for titles ("N=3, rates 4,6,3 ticks/s, K=10, seed 42, speed 20")
#   ref     the fastest machine (highest rate, lowest id)
#   dur     the model time the run covers (s): its duration, or the stop time of a stopped run
#   parts   the partitions' intervals, "FROM TO FROM TO ..." in model seconds ('' when none)
# Each script sets W and H (pixels) before loading this file.
if (fmt eq 'svg') {
  set terminal svg size W,H dynamic noenhanced font 'DejaVu Sans,13' background rgb 'white'
} else {
  set terminal pngcairo size W,H noenhanced font 'DejaVu Sans,11' background rgb 'white'
}
set output out.'.'.fmt

# One colour per machine, the same in every graph: a fixed palette for up to 10 machines,
# hues spread around the colour wheel for more.
array palette[10] = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', \
                     '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']
colour(i) = N <= 10 ? palette[i + 1] : sprintf('#%06x', hsv2rgb((i * 0.61803) - floor(i * 0.61803), 0.85, 0.8 - 0.25 * (i % 2)))
# Distributions: side-by-side bars for a few machines, lines with points for many.
bars = N <= 6
events(i) = sprintf('%s/events_%d.dat', pd, i)
rate(i) = word(rates, i + 1)
ticks(i) = sprintf('%s tick%s/s', rate(i), rate(i) eq '1' ? '' : 's')
machine(i) = sprintf('machine %d (%s)', i, ticks(i))

set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set datafile commentschars '#'
# Legends go in the right margin, where they cannot cover data; smaller for many machines.
# Fixed margins keep the panels of a graph aligned whatever their legends hold.
set lmargin at screen 0.07
set rmargin at screen 0.79
if (N > 12) { set key outside right top vertical font ',8' spacing 0.8 } else { set key outside right top vertical }

# Partitions: `eval shade` draws each interval of parts within [xa:xb] (default the run) as a
# band behind the next plots over model time; `eval noshade` removes them before any other.
if (!exists('parts')) { parts = '' }
xa = 0; xb = dur
band(p, end) = word(parts, 2 * p - 1 + end) + 0
shade = "do for [p=1:words(parts)/2] { if (band(p, 1) > xa && band(p, 0) < xb) { " . \
        "set object 100 + p rect from first (band(p, 0) > xa ? band(p, 0) : xa), graph 0 " . \
        "to first (band(p, 1) < xb ? band(p, 1) : xb), graph 1 behind fc rgb '#f3dfae' fs solid 0.55 noborder } }"
noshade = "do for [p=1:words(parts)/2] { unset object 100 + p }"
