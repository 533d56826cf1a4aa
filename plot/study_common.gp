# Settings shared by the study's graphs (run_experiments.sh passes, with gnuplot -e: gd, the
# study's graphs/ directory; out, the output file without extension). lcstudy writes
# gd/study.gp: C configurations and their titles ctitle[1..C], and for a sweep what it sweeps
# (sweep), its axis (sweep_axis), its panels' titles (stitle[]) and the panel with the theory's
# line (theory_panel; 0: none). Each script sets W and H before loading this file.
load gd.'/study.gp'
set terminal pngcairo size W,H noenhanced font 'DejaVu Sans,11' background rgb 'white'
set output out.'.png'
array palette[10] = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', \
                     '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']
colour(i) = C <= 10 ? palette[i + 1] : sprintf('#%06x', hsv2rgb((i * 0.61803) - floor(i * 0.61803), 0.85, 0.8 - 0.25 * (i % 2)))
# The same colour, partly transparent for the points of machines: the more machines, the
# fainter each (NPTS, the most machines of a configuration, from study.gp).
faint(i) = (NPTS > 200 ? '#C0' : NPTS > 40 ? '#90' : '#50').colour(i)[2:7]
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set datafile commentschars '#'
if (C > 4) { set key outside right top vertical font ',9' } else { set key outside bottom center horizontal }
