package org.keepalivedjava.checkers.genhash;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.checkers.check.impl.HttpCheckFsm;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.check.NativeCheckSockets;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.config.values.InetValues;

/**
 * {@code keepalived -T} / {@code --genhash}: fetches one URL with the HTTP_GET / SSL_GET state machine (on its own
 * event loop) and prints the MD5 of the body, which is what a url's {@code digest} line must hold. Options as
 * keepalived 2.2.7's genhash: -s server (an IP), -p port, -u url, -S ssl, -I sni (uses -V), -V virtualhost,
 * -v verbose, -m fwmark, -P protocol (1.0, 1.0c, 1.1), -t timeout (s), -h help. A failure prints keepalived's
 * failure text (e.g. {@code Connection failed}) on stdout; like keepalived, the exit status is still 0.
 */
public final class GenHash {
    private static final String HTTP_HEADER_HEXA =
            "-----------------------[    HTTP Header Buffer    ]-----------------------";
    private static final String HTTP_HEADER_ASCII =
            "-----------------------[ HTTP Header Ascii Buffer ]-----------------------";
    private static final String HTML_HASH =
            "-----------------------[    HTML hash resulting    ]-----------------------";
    private static final String HTML_HASH_FINAL =
            "-----------------------[ HTML hash final resulting ]-----------------------";

    /** The parsed command line. */
    record Options(boolean ssl, boolean sni, String server, int port, String url, String virtualhost, boolean verbose,
                   long fwmark, String protocol, long timeoutSeconds) {
    }

    private GenHash() {
    }

    /**
     * {@code bin/keepalived-java -T ARGS...}: the launcher script runs this class when -T/--genhash is the first
     * option (the CLI module cannot depend on the checkers), with the words after -T.
     */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** @return the exit status (0 after a fetch, failed or not; 1 for -h and bad arguments, usage on stderr) */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            usage(err);
            return 1;
        }
        if (o == null) {
            usage(err); // keepalived 2.2.7: -T -h prints the usage on stderr and exits 1
            return 1;
        }
        return fetch(o, out, err);
    }

    static Options parse(List<String> args) {
        boolean ssl = false;
        boolean sni = false;
        boolean verbose = false;
        String server = null;
        Integer port = null;
        String url = null;
        String vhost = null;
        long fwmark = 0;
        String protocol = "1.0";
        long timeout = 5;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-h", "--help":
                    return null;
                case "-S", "--use-ssl":
                    ssl = true;
                    break;
                case "-I", "--use-sni":
                    sni = true;
                    break;
                case "-v", "--verbose":
                    verbose = true;
                    break;
                case "-s", "--server":
                    server = value(args, ++i, a);
                    break;
                case "-p", "--port":
                    port = number(value(args, ++i, a), 1, 65535, "invalid port number '%s'");
                    break;
                case "-u", "--url":
                    url = value(args, ++i, a);
                    break;
                case "-V", "--use-virtualhost":
                    vhost = value(args, ++i, a);
                    break;
                case "-m", "--fwmark":
                    fwmark = number(value(args, ++i, a), 0, Integer.MAX_VALUE, "invalid fwmark '%s'");
                    break;
                case "-t", "--timeout":
                    timeout = number(value(args, ++i, a), 1, 1_000_000, "invalid timeout '%s'");
                    break;
                case "-P", "--protocol": {
                    String p = value(args, ++i, a);
                    switch (p) {
                        case "1.0", "1.1" -> protocol = p;
                        case "1.0c", "1.0C" -> protocol = "1.0C";
                        default -> throw new IllegalArgumentException("invalid HTTP protocol version '" + p + "'");
                    }
                    break;
                }
                case "-T", "--genhash":
                    break;
                default:
                    throw new IllegalArgumentException(a.startsWith("-") ? "Unknown option `" + a + "`"
                            : "Unexpected argument(s): " + a);
            }
        }
        if (server == null || url == null) {
            throw new IllegalArgumentException("server and url are required (-s, -u)");
        }
        return new Options(ssl, sni, server, port != null ? port : ssl ? 443 : 80, url, vhost, verbose, fwmark,
                protocol, timeout);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException("option " + option + " requires an argument");
        }
        return args.get(i);
    }

    private static int number(String s, long min, long max, String message) {
        try {
            long v = Long.parseLong(s);
            if (v >= min && v <= max) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(String.format(message, s));
    }

    static void usage(PrintStream p) {
        p.println("Usage: keepalived --genhash COMMAND [OPTIONS]");
        p.println("Commands:");
        p.println("   -s server-address -p port -u url");
        p.println("   -S -s server-address -p port -u url");
        p.println("   -h");
        p.println();
        p.println("Options:");
        p.println("Either long or short options are allowed.");
        p.println("   --use-ssl         -S       Use SSL connection to remote server.");
        p.println("   --use-sni         -I       Use SNI during SSL handshake (uses virtualhost setting; see -V).");
        p.println("   --server          -s       Use the specified remote server address.");
        p.println("   --port            -p       Use the specified remote server port.");
        p.println("   --url             -u       Use the specified remote server url.");
        p.println("   --use-virtualhost -V       Use the specified virtualhost in GET query.");
        p.println("   --verbose         -v       Use verbose mode output.");
        p.println("   --help            -h       Display this short inlined help screen.");
        p.println("   --fwmark          -m       Use the specified FW mark.");
        p.println("   --protocol        -P       Use the specified HTTP protocol - '1.0', 1.0c', '1.1'.");
        p.println("                                1.0c means 1.0 with 'Connection: close'");
        p.println("   --timeout         -t       Timeout in seconds");
    }

    private static int fetch(Options o, PrintStream out, PrintStream err) {
        InetAddress address = InetValues.parseLiteral(o.server());
        if (address == null) {
            err.println("server should be an IP, not " + o.server());
            return 1;
        }
        long timeoutUs = TimeUnit.SECONDS.toMicros(o.timeoutSeconds());
        CheckerConfig.Common common = new CheckerConfig.Common(address, o.port(), null, 0, null, o.fwmark(),
                timeoutUs, 0, timeoutUs, 0, timeoutUs, false, false);
        CheckerConfig.Url url = new CheckerConfig.Url(o.url(), List.of(),
                List.of(new CheckerConfig.StatusRange(100, 599)), o.virtualhost(), null, false, List.of(), 0, 0, null);
        CheckerConfig.HttpCheck config = new CheckerConfig.HttpCheck(o.ssl(), common, o.protocol(), o.sni(), false,
                List.of(url), null);
        try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
            Printer printer = new Printer(o.verbose(), out, err);
            CheckContext context = new CheckContext(loop, new NativeCheckSockets(loop), null, new SplittableRandom(),
                    line -> { });
            Checks.Target target = Checks.defaultTarget(config);
            if (o.ssl()) {
                target = new Checks.Target(target.realServer(), target.virtualServer(),
                        org.keepalivedjava.os.tls.TlsContexts.noVerification(), null);
            }
            HttpCheckFsm check = new HttpCheckFsm(config, context, (c, up, m, w, now) -> { }, target, printer);
            long startedNs = System.nanoTime();
            check.start(loop.nowNs());
            while (!printer.done) {
                loop.runOnce(TimeUnit.SECONDS.toNanos(1));
            }
            if (o.verbose() && printer.digest != null) {
                out.println();
                out.println("Global response time for [" + o.url() + "] = "
                        + TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startedNs) + " usecs");
            }
            check.stop();
        }
        out.flush();
        return 0;
    }

    /** Prints what genhash prints, as the state machine reports it. */
    private static final class Printer implements HttpCheckFsm.GenhashObserver {
        final boolean verbose;
        final PrintStream out;
        final PrintStream err;
        boolean done;
        byte[] digest;
        private long bodyOffset;

        Printer(boolean verbose, PrintStream out, PrintStream err) {
            this.verbose = verbose;
            this.out = out;
            this.err = err;
        }

        @Override
        public void onHeader(byte[] bytes, int length) {
            if (!verbose) {
                return;
            }
            out.println(HTTP_HEADER_HEXA);
            dump(out, bytes, 0, length, 0);
            out.println(HTTP_HEADER_ASCII);
            out.println(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
            out.println();
        }

        @Override
        public void onBody(byte[] bytes, int offset, int length) {
            if (verbose && length > 0) {
                dump(out, bytes, offset, length, bodyOffset);
                bodyOffset += length;
            }
        }

        @Override
        public void onDone(byte[] result, String failure) {
            done = true;
            digest = result;
            if (result == null) {
                if (failure.startsWith("no data")) {
                    err.println(failure);
                } else {
                    out.println(failure);
                }
                return;
            }
            if (verbose) {
                out.println();
                out.println(HTML_HASH);
                dump(out, result, 0, result.length, 0);
                out.println(HTML_HASH_FINAL);
            }
            out.println(java.util.HexFormat.of().formatHex(result));
        }
    }

    /** keepalived's dump_buffer: decimal offset, 16 bytes in hex with " - " after 8, then the printable chars. */
    static void dump(PrintStream p, byte[] b, int offset, int length, long baseOffset) {
        for (int line = 0; line < length; line += 16) {
            StringBuilder s = new StringBuilder(80);
            s.append(String.format("%04d  ", baseOffset + line));
            StringBuilder ascii = new StringBuilder(16);
            for (int i = 0; i < 16; i++) {
                if (line + i < length) {
                    int v = b[offset + line + i] & 0xff;
                    s.append(String.format("%02x ", v));
                    ascii.append(v >= 0x20 && v < 0x7f ? (char) v : '.');
                } else {
                    s.append("   ");
                    ascii.append(' ');
                }
                if (i == 7) {
                    s.append("- ");
                }
            }
            s.append("  ").append(ascii);
            p.println(s);
        }
    }
}
