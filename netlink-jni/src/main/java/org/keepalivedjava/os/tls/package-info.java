/**
 * TLS for SSL_GET over the checker sockets: {@link org.keepalivedjava.os.tls.TlsSocket} drives a
 * {@link javax.net.ssl.SSLEngine} from loop readiness over a non-blocking {@link org.keepalivedjava.os.check.TcpSocket}
 * and is itself a {@code TcpSocket}, so HTTP_GET and SSL_GET share one state machine.
 * {@link org.keepalivedjava.os.tls.TlsContexts} builds the {@link javax.net.ssl.SSLContext}: without certificate
 * verification (keepalived's behaviour: it loads an optional CA file but never sets SSL_VERIFY_PEER) or verifying
 * against a CA, with an optional client certificate (keepalived's SSL block: ca, certificate, key, password).
 */
package org.keepalivedjava.os.tls;
