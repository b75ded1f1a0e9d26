package org.keepalivedjava.os.ipvs;

/** IPVS connection timeouts in seconds (ipvsadm --set tcp tcpfin udp); 0 when setting means "leave as is". */
public record IpvsTimeouts(int tcpS, int tcpFinS, int udpS) {
}
