package org.keepalivedjava.os.ipvs;

import java.net.InetAddress;

/**
 * The connection synchronisation daemon (ipvsadm --start-daemon).
 *
 * @param state          IP_VS_STATE_MASTER or IP_VS_STATE_BACKUP
 * @param interfaceName  multicast interface
 * @param syncId         0..255
 * @param maxLength      UDP payload size, 0 for the kernel default
 * @param group          multicast group (IPv4 or IPv6), null for the default 224.0.0.81
 * @param port           multicast port, 0 for the default 8848
 * @param ttl            multicast TTL, 0 for the default 1
 */
public record IpvsSyncDaemon(int state, String interfaceName, int syncId, int maxLength, InetAddress group, int port,
                             int ttl) {
    public static IpvsSyncDaemon of(int state, String interfaceName, int syncId) {
        return new IpvsSyncDaemon(state, interfaceName, syncId, 0, null, 0, 0);
    }
}
