package org.keepalivedjava.config.model.lvs;

import org.keepalivedjava.config.Location;

/** The top-level {@code SSL} block used by SSL_GET; a null field means "not given". */
public record SslConfig(String password, String caFile, String certificateFile, String keyFile, Location location) {
}
