package org.keepalivedjava.jmh;

import java.util.concurrent.TimeUnit;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.testing.TestHosts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole configuration load (preprocess, keyword tree, validation) of a generated configuration, warm: what a
 * reload costs the parent and each child once the JVM has compiled the parser. (The cold first parse, JVM start
 * included, is bench/parse-config.sh's, side by side with keepalived -t.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConfigParseBenchmark {
    /** VRRP instances; as many virtual servers, each with 10 real servers with TCP_CHECK. */
    @Param({"10", "1000"})
    public int size;

    private String text;

    @Setup
    public void setUp() {
        StringBuilder sb = new StringBuilder();
        sb.append("global_defs {\n   router_id JMH\n}\n");
        for (int i = 0; i < size; i++) {
            sb.append("vrrp_instance VI_").append(i).append(" {\n   state BACKUP\n   interface eth").append(i / 250)
                    .append("\n   virtual_router_id ").append(i % 250 + 1).append("\n   priority 100\n   advert_int 1\n")
                    .append("   virtual_ipaddress {\n      192.0.2.").append(i % 250 + 1).append("/24\n   }\n}\n");
        }
        for (int i = 0; i < size; i++) {
            sb.append("virtual_server 203.0.113.").append(i % 250 + 1).append(' ').append(1000 + i / 250)
                    .append(" {\n   delay_loop 6\n   lb_algo rr\n   lb_kind NAT\n   protocol TCP\n");
            for (int r = 1; r <= 10; r++) {
                sb.append("   real_server 198.51.100.").append(r).append(" 8080 {\n      TCP_CHECK {\n")
                        .append("         connect_timeout 3\n      }\n   }\n");
            }
            sb.append("}\n");
        }
        text = sb.toString();
        Diagnostics diagnostics = new Diagnostics();
        ConfigLoader.loadText("jmh.conf", text, LoadOptions.defaults(), TestHosts.ANY, diagnostics);
        if (!diagnostics.all().isEmpty()) {
            throw new IllegalStateException("the generated configuration is not clean: " + diagnostics.all());
        }
    }

    @Benchmark
    public Object load() {
        return ConfigLoader.loadText("jmh.conf", text, LoadOptions.defaults(), TestHosts.ANY, new Diagnostics());
    }
}
