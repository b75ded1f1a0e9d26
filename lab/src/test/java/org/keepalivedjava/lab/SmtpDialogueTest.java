package org.keepalivedjava.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpDialogueTest {
    @Test
    void aClientDeliversAMailAndTheSinkKeepsEnvelopeAndSubject() {
        SmtpDialogue d = new SmtpDialogue();
        assertEquals("250 keepalived-lab", d.onLine("EHLO lb1").reply());
        assertEquals("503 MAIL first", d.onLine("RCPT TO:<a@example.org>").reply());
        assertEquals("250 OK", d.onLine("MAIL FROM:<lb1@example.org> SIZE=300").reply());
        assertEquals("250 OK", d.onLine("RCPT TO:<ops@example.org>").reply());
        assertEquals("250 OK", d.onLine("rcpt to: two@example.org").reply());
        assertTrue(d.onLine("DATA").reply().startsWith("354"));
        for (String line : List.of("From: lb1@example.org", "Subject: [lb1] VRRP Instance VI_1 - Entering MASTER state",
                "", "Subject: not a header any more", "..dot-stuffed")) {
            SmtpDialogue.Reply r = d.onLine(line);
            assertNull(r.reply(), line);
            assertNull(r.mail(), line);
        }
        SmtpDialogue.Reply end = d.onLine(".");
        assertEquals("250 OK queued", end.reply());
        assertEquals(new SmtpDialogue.Mail("lb1@example.org", List.of("ops@example.org", "two@example.org"),
                "[lb1] VRRP Instance VI_1 - Entering MASTER state"), end.mail());
        assertEquals("to=ops@example.org,two@example.org subject=[lb1] VRRP Instance VI_1 - Entering MASTER state",
                end.mail().summary());
        assertEquals("503 RCPT first", d.onLine("DATA").reply(), "the envelope was reset after the mail");
        assertEquals("502 not implemented", d.onLine("STARTTLS").reply());
        SmtpDialogue.Reply quit = d.onLine("QUIT");
        assertTrue(quit.close());
        assertEquals("221 bye", quit.reply());
    }

    @Test
    void pathsWithAndWithoutBrackets() {
        assertEquals("a@x", SmtpDialogue.path(" <a@x> SIZE=1"));
        assertEquals("a@x", SmtpDialogue.path("a@x BODY=8BITMIME"));
        assertEquals("", SmtpDialogue.path("<>"));
    }

    /** The sink's socket loop over loopback: greeting, CRLF replies, the mail handed over, QUIT closes. */
    @Test
    void socketSessionDeliversTheMail() throws Exception {
        assertEquals("192.0.2.250", LabServices.socketAddress("192.0.2.250:25").getAddress().getHostAddress());
        assertEquals(25, LabServices.socketAddress("[2001:db8::1]:25").getPort());
        List<SmtpDialogue.Mail> mails = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try {
                    LabServices.serve(server.accept(), mails::add);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                Writer w = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.ISO_8859_1);
                List<String> replies = new ArrayList<>();
                replies.add(r.readLine());
                for (String line : List.of("HELO lb1", "MAIL FROM:<a@x>", "RCPT TO:<b@x>", "DATA")) {
                    w.write(line + "\r\n");
                    w.flush();
                    replies.add(r.readLine());
                }
                w.write("Subject: hello\r\n\r\nbody\r\n.\r\nQUIT\r\n");
                w.flush();
                replies.add(r.readLine());
                replies.add(r.readLine());
                assertNull(r.readLine(), "closed after QUIT");
                assertEquals(List.of(SmtpDialogue.GREETING, "250 keepalived-lab", "250 OK", "250 OK",
                        "354 end with <CRLF>.<CRLF>", "250 OK queued", "221 bye"), replies);
            }
            t.join();
        }
        assertEquals(List.of(new SmtpDialogue.Mail("a@x", List.of("b@x"), "hello")), mails);
    }
}
