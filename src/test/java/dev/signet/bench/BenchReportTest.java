package dev.signet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    private static final String JMH = """
            [{"benchmark": "dev.signet.bench.ColdVerdictBenchmark.coldVerdict", "mode": "sample",
              "params": {"images": "1", "keys": "10"},
              "primaryMetric": {"score": 12.5, "scoreUnit": "ms/op", "scorePercentiles": {"50.0": %s, "90.0": 20.0, "99.0": 30.0}}},
             {"benchmark": "dev.signet.bench.WarmVerdictBenchmark.warmVerdict", "mode": "thrpt", "params": {"reference": "DIGEST"},
              "primaryMetric": {"score": %s, "scoreUnit": "ops/s"}}]
            """;

    @Test
    void render_medianOfRuns_runsInOrder_ratiosAndTargets(@TempDir Path runs) throws IOException {
        Files.writeString(runs.resolve("http-1.txt"), "noise\nRESULT http.c16.p99_ms=4.5\nRESULT http.rps_per_s=20000\nRESULT kinds=HEAD x1\n");
        Files.writeString(runs.resolve("http-2.txt"), "RESULT http.c16.p99_ms=1.5\nRESULT http.rps_per_s=21000\nRESULT kinds=HEAD x1\n");
        Files.writeString(runs.resolve("http-3.txt"), "RESULT http.c16.p99_ms=2.5\nRESULT http.rps_per_s=19000\nRESULT kinds=GET x2\n");
        Files.writeString(runs.resolve("jmh-cold-1.json"), JMH.formatted("10.0", "80000"));
        Files.writeString(runs.resolve("jmh-cold-2.json"), JMH.formatted("12.0", "90000"));
        BenchReport report = new BenchReport();
        report.collect(runs);

        String rendered = report.render("""
                p99 {{http.c16.p99_ms}} ({{runs http.c16.p99_ms}}), {{http.rps_per_s}}, {{kinds}}
                cold p50 {{jmh.ColdVerdict.coldVerdict.images1.keys10.p50_ms}} warm {{jmh.WarmVerdict.warmVerdict.referenceDIGEST.ops_per_s}}
                ratio {{ratio http.c16.p99_ms http.c16.p99_ms}}; target {{met http.c16.p99_ms <= 2}} / {{metratio http.rps_per_s http.c16.p99_ms >= 1000}} / {{met sum http.c16.p99_ms http.c16.p99_ms == 5}}
                missing {{nothing.here_ms}}
                {{if http.rps_per_s}}shown{{else}}hidden{{end}} {{if soak.x}}soak {{soak.x}}{{else}}no soak{{end}}""");

        assertThat(rendered).isEqualTo("""
                p99 2.50 ms (4.50 ms / 1.50 ms / 2.50 ms), 20,000/s, HEAD x1
                cold p50 11.0 ms warm 85,000/s
                ratio 1.00x; target no / **yes** / **yes**
                missing n/a
                shown no soak""");
    }

    @Test
    void formatAs_unitsBySuffix() {
        assertThat(BenchReport.formatAs("a_ms", 0.66)).isEqualTo("0.66 ms");
        assertThat(BenchReport.formatAs("a_ms", 1251)).isEqualTo("1,251 ms");
        assertThat(BenchReport.formatAs("a_per_s", 26.74)).isEqualTo("26.7/s");
        assertThat(BenchReport.formatAs("a_mib", 447.94)).isEqualTo("447.9 MiB");
        assertThat(BenchReport.formatAs("a_pct", -0.1)).isEqualTo("-0.1%");
        assertThat(BenchReport.formatAs("count", 1129)).isEqualTo("1,129");
    }
}
