package io.conveyor.benchmark.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Small SVG charts, so the report's figures come from the run itself and need no plotting tool. */
final class Plot {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final String[] COLOURS = {"#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#5e548e", "#555555"};

    private Plot() {}

    record Series(String name, List<double[]> points) {}

    record Bar(String label, double value) {}

    static void lines(Path file, String title, String xLabel, String yLabel, List<Series> series) throws IOException {
        double maxX = series.stream()
                .flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[0])
                .max()
                .orElse(1);
        double maxY = series.stream()
                .flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[1])
                .max()
                .orElse(1);
        maxY = nice(maxY);
        maxX = nice(maxX);
        StringBuilder svg = frame(title, xLabel, yLabel, maxX, maxY, true);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                path.append(path.length() == 0 ? "M" : " L")
                        .append(fmt(x(p[0], maxX)))
                        .append(',')
                        .append(fmt(y(p[1], maxY)));
                svg.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>%n",
                        fmt(x(p[0], maxX)),
                        fmt(y(p[1], maxY)),
                        colour));
            }
            svg.append(String.format(
                    Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path, colour));
            legend(svg, i, s.name(), colour);
        }
        write(file, svg);
    }

    static void bars(Path file, String title, String yLabel, List<Bar> bars) throws IOException {
        double maxY = nice(bars.stream().mapToDouble(Bar::value).max().orElse(1));
        StringBuilder svg = frame(title, "", yLabel, 0, maxY, false);
        double slot = (WIDTH - LEFT - RIGHT) / (double) bars.size();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double top = y(bar.value(), maxY);
            double left = LEFT + i * slot + slot * 0.15;
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>%n",
                    fmt(left),
                    fmt(top),
                    fmt(slot * 0.7),
                    fmt(HEIGHT - BOTTOM - top),
                    COLOURS[i % COLOURS.length]));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"11\">%,.0f</text>%n",
                    fmt(left + slot * 0.35),
                    fmt(top - 4),
                    bar.value()));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
                    fmt(left + slot * 0.35),
                    HEIGHT - BOTTOM + 16,
                    escape(bar.label())));
        }
        write(file, svg);
    }

    private static StringBuilder frame(
            String title, String xLabel, String yLabel, double maxX, double maxY, boolean xTicks) {
        StringBuilder svg = new StringBuilder(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"%d\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT,
                LEFT,
                escape(title)));
        for (int t = 0; t <= 4; t++) {
            double v = maxY * t / 4;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#dddddd\"/>%n"
                            + "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" font-size=\"11\">%s</text>%n",
                    LEFT,
                    fmt(y(v, maxY)),
                    WIDTH - RIGHT,
                    fmt(y(v, maxY)),
                    LEFT - 6,
                    fmt(y(v, maxY) + 4),
                    tick(v)));
            if (xTicks) {
                double xv = maxX * t / 4;
                svg.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
                        fmt(x(xv, maxX)),
                        HEIGHT - BOTTOM + 16,
                        tick(xv)));
            }
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s</text>%n"
                        + "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\""
                        + " transform=\"rotate(-90 16 %d)\">%s</text>%n",
                LEFT,
                HEIGHT - BOTTOM,
                WIDTH - RIGHT,
                HEIGHT - BOTTOM,
                LEFT,
                TOP,
                LEFT,
                HEIGHT - BOTTOM,
                (LEFT + WIDTH - RIGHT) / 2,
                HEIGHT - 12,
                escape(xLabel),
                (TOP + HEIGHT - BOTTOM) / 2,
                (TOP + HEIGHT - BOTTOM) / 2,
                escape(yLabel)));
        return svg;
    }

    private static void legend(StringBuilder svg, int i, String name, String colour) {
        int top = TOP + 10 + i * 20;
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n",
                WIDTH - RIGHT + 12,
                top,
                colour,
                WIDTH - RIGHT + 30,
                top + 10,
                escape(name)));
    }

    private static void write(Path file, StringBuilder svg) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, svg.append("</svg>\n").toString());
    }

    private static double x(double v, double max) {
        return LEFT + v / max * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double v, double max) {
        return HEIGHT - BOTTOM - v / max * (HEIGHT - TOP - BOTTOM);
    }

    /** The next 1, 2 or 5 times a power of ten at or above {@code v}, so the axis ends on a round number. */
    private static double nice(double v) {
        if (v <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (v <= step * power) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String tick(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }
}
