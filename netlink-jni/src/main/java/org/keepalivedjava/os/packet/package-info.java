/**
 * Link-layer announcements: pure frame codecs ({@link org.keepalivedjava.os.packet.EthernetHeader},
 * {@link org.keepalivedjava.os.packet.ArpFrame} for gratuitous ARP, {@link org.keepalivedjava.os.packet.NeighborAdvertFrame}
 * for unsolicited IPv6 neighbour advertisements), the AF_PACKET {@link org.keepalivedjava.os.packet.PacketSocket}
 * behind {@link org.keepalivedjava.os.packet.FrameSender}, and {@link org.keepalivedjava.os.packet.AddressAnnouncer}
 * which the VRRP child calls for each VIP when it becomes MASTER.
 */
package org.keepalivedjava.os.packet;
