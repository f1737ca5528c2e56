package dev.signet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders BENCHMARKS.md from a template and the outputs of {@code bench/report}'s runs, so no number in it is typed
 * by hand.
 *
 * <p>Inputs, in one folder: text logs ({@code *.txt}) whose {@code RESULT key=value} lines each benchmark prints (see
 * {@link BenchResult}), and JMH JSON results ({@code *.json}), turned into keys such as
 * {@code jmh.ColdVerdict.coldVerdict.images1.keys10.p50_ms}. A key measured by several runs is reported as its median.
 *
 * <p>Placeholders in the template:
 * <ul>
 *   <li>{@code {{key}}}: the median, formatted by the key's unit suffix ({@code _ms}, {@code _per_s}, {@code _mib},
 *       {@code _pct}, {@code _x}; none: a count; text values as they are);</li>
 *   <li>{@code {{runs key}}}: every run's value, in run order;</li>
 *   <li>{@code {{ratio a b}}}: median(a) / median(b), e.g. {@code 0.36x};</li>
 *   <li>{@code {{met key <= 10}}}, {@code {{met sum a b c == 0}}} and {@code {{metratio a b <= 2}}}: {@code yes} or
 *       {@code no} against a target ({@code <=}, {@code >=}, {@code ==});</li>
 *   <li>{@code {{sum key...}}}: the sum of several medians;</li>
 *   <li>{@code {{if key}}...{{else}}...{{end}}}: the first part when {@code key} was measured (e.g. the optional
 *       soak), else the second.</li>
 * </ul>
 * A placeholder whose key no run measured renders as {@code n/a} and is listed on stderr; the exit status is then 3,
 * so a broken benchmark does not go unnoticed.
 *
 * <p>Usage: {@code BenchReport RESULTS_DIR TEMPLATE OUTPUT}.
 */
public final class BenchReport {
    private static final Pattern RESULT = Pattern.compile("^RESULT ([A-Za-z0-9_.\\-]+)=(.*)$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");
    private static final Pattern CONDITIONAL = Pattern.compile("\\{\\{if ([^}]+)}}(.*?)(?:\\{\\{else}}(.*?))?\\{\\{end}}", Pattern.DOTALL);
    private static final Pattern RUN_FILE = Pattern.compile("^(.+?)-(\\d+)\\.(txt|json)$");

    /** Every run's values of one key: numbers, or text for descriptive keys. */
    private final Map<String, List<String>> values = new TreeMap<>();
    private final Set<String> missing = new TreeSet<>();

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: BenchReport RESULTS_DIR TEMPLATE OUTPUT");
            System.exit(2);
        }
        BenchReport report = new BenchReport();
        report.collect(Path.of(args[0]));
        String rendered = report.render(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
        Files.writeString(Path.of(args[2]), rendered, StandardCharsets.UTF_8);
        System.out.println("wrote " + args[2] + " from " + report.values.size() + " measured keys");
        if (!report.missing.isEmpty()) {
            System.err.println("not measured (rendered as n/a): " + String.join(", ", report.missing));
            System.exit(3);
        }
    }

    void collect(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            // run order: by the run number in NAME-RUN.ext, so "runs" lists values as they were measured
            files = listing.filter(Files::isRegularFile).sorted(Comparator.comparing(BenchReport::runNumber)
                    .thenComparing(Path::toString)).toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".json")) {
                readJmh(file);
            } else if (name.endsWith(".txt")) {
                readResults(file);
            }
        }
    }

    private static int runNumber(Path file) {
        Matcher matcher = RUN_FILE.matcher(file.getFileName().toString());
        return matcher.matches() ? Integer.parseInt(matcher.group(2)) : 0;
    }

    private void readResults(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher matcher = RESULT.matcher(line.strip());
            if (matcher.matches()) {
                add(matcher.group(1), matcher.group(2).strip());
            }
        }
    }

    private void readJmh(Path file) throws IOException {
        JsonNode results = new ObjectMapper().readTree(file.toFile());
        for (JsonNode result : results) {
            String benchmark = result.path("benchmark").asText();
            String[] parts = benchmark.split("\\.");
            StringBuilder key = new StringBuilder("jmh.")
                    .append(parts[parts.length - 2].replaceFirst("Benchmark$", "")).append('.').append(parts[parts.length - 1]);
            for (Iterator<Map.Entry<String, JsonNode>> params = result.path("params").fields(); params.hasNext(); ) {
                Map.Entry<String, JsonNode> param = params.next();
                key.append('.').append(param.getKey()).append(param.getValue().asText());
            }
            JsonNode metric = result.path("primaryMetric");
            double toMillis = switch (metric.path("scoreUnit").asText()) {
                case "ms/op" -> 1;
                case "us/op" -> 1e-3;
                case "ns/op" -> 1e-6;
                case "s/op" -> 1e3;
                default -> Double.NaN;
            };
            switch (result.path("mode").asText()) {
                case "thrpt" -> add(key + ".ops_per_s", format(perSecond(metric)));
                case "sample" -> {
                    add(key + ".mean_ms", format(metric.path("score").asDouble() * toMillis));
                    add(key + ".p50_ms", format(metric.path("scorePercentiles").path("50.0").asDouble() * toMillis));
                    add(key + ".p90_ms", format(metric.path("scorePercentiles").path("90.0").asDouble() * toMillis));
                    add(key + ".p99_ms", format(metric.path("scorePercentiles").path("99.0").asDouble() * toMillis));
                }
                default -> add(key + ".mean_ms", format(metric.path("score").asDouble() * toMillis));
            }
        }
    }

    private static double perSecond(JsonNode metric) {
        double score = metric.path("score").asDouble();
        return switch (metric.path("scoreUnit").asText()) {
            case "ops/ms" -> score * 1e3;
            case "ops/us" -> score * 1e6;
            default -> score;
        };
    }

    private void add(String key, String value) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    String render(String template) {
        Matcher blocks = CONDITIONAL.matcher(template);
        StringBuilder kept = new StringBuilder();
        while (blocks.find()) {
            boolean measured = values.containsKey(blocks.group(1).strip());
            String body = measured ? blocks.group(2) : blocks.group(3) == null ? "" : blocks.group(3);
            blocks.appendReplacement(kept, Matcher.quoteReplacement(body));
        }
        blocks.appendTail(kept);
        Matcher matcher = PLACEHOLDER.matcher(kept);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(evaluate(matcher.group(1).strip())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String evaluate(String expression) {
        String[] words = expression.split("\\s+");
        try {
            return switch (words[0]) {
                case "runs" -> runs(words[1]);
                case "ratio" -> String.format(Locale.ROOT, "%.2fx", median(words[1]) / median(words[2]));
                case "met" -> words[1].equals("sum")
                        ? met(Stream.of(words).skip(2).limit(words.length - 4).mapToDouble(this::median).sum(),
                                words[words.length - 2], Double.parseDouble(words[words.length - 1]))
                        : met(median(words[1]), words[2], Double.parseDouble(words[3]));
                case "metratio" -> met(median(words[1]) / median(words[2]), words[3], Double.parseDouble(words[4]));
                case "sum" -> formatAs(words[1], Stream.of(words).skip(1).mapToDouble(this::median).sum());
                default -> single(words[0]);
            };
        } catch (NotMeasured e) {
            missing.add(e.getMessage());
            return "n/a";
        }
    }

    private String single(String key) {
        List<String> runs = values.get(key);
        if (runs == null || runs.isEmpty()) {
            throw new NotMeasured(key);
        }
        if (!isNumber(runs.get(0))) {
            // text: the value most runs gave
            return runs.stream().collect(Collectors.groupingBy(v -> v, LinkedHashMap::new, Collectors.counting()))
                    .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
        return formatAs(key, median(key));
    }

    private String runs(String key) {
        List<String> runs = values.get(key);
        if (runs == null || runs.isEmpty()) {
            throw new NotMeasured(key);
        }
        return runs.stream().map(v -> isNumber(v) ? formatAs(key, Double.parseDouble(v)) : v).collect(Collectors.joining(" / "));
    }

    double median(String key) {
        List<String> runs = values.get(key);
        if (runs == null || runs.isEmpty() || !isNumber(runs.get(0))) {
            throw new NotMeasured(key);
        }
        double[] sorted = runs.stream().mapToDouble(Double::parseDouble).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            throw new NotMeasured(key);
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String met(double value, String operator, double target) {
        boolean met = switch (operator) {
            case "<=" -> value <= target;
            case ">=" -> value >= target;
            case "==" -> value == target;
            default -> throw new IllegalArgumentException("operator " + operator + " is not <=, >= or ==");
        };
        return met ? "**yes**" : "no";
    }

    static String formatAs(String key, double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (key.endsWith("_ms")) {
            return value < 10 ? String.format(Locale.ROOT, "%.2f ms", value)
                    : value < 100 ? String.format(Locale.ROOT, "%.1f ms", value) : String.format(Locale.ROOT, "%,.0f ms", value);
        }
        if (key.endsWith("_per_s")) {
            return value < 100 ? String.format(Locale.ROOT, "%.1f/s", value) : String.format(Locale.ROOT, "%,.0f/s", value);
        }
        if (key.endsWith("_mib")) {
            return String.format(Locale.ROOT, "%.1f MiB", value);
        }
        if (key.endsWith("_pct")) {
            return String.format(Locale.ROOT, "%+.1f%%", value);
        }
        if (key.endsWith("_x")) {
            return String.format(Locale.ROOT, "%.2fx", value);
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%,d", (long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static final class NotMeasured extends RuntimeException {
        NotMeasured(String key) {
            super(key, null, false, false);
        }
    }
}
