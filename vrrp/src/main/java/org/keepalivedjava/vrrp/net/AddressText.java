package org.keepalivedjava.vrrp.net;

import java.net.Inet4Address;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpAddress;
import org.keepalivedjava.config.values.IpPrefix;
import org.keepalivedjava.os.rtnl.IfAddress;

/**
 * An address line as keepalived 2.2.7 prints it in its logs and dumps, e.g.
 * {@code 192.0.2.100/24 brd 192.0.2.255 dev eth0 scope global label eth0:vip set} (measured: the prefix is left out
 * when it is the full host length, a peer is printed with the prefix, IPv6 shows {@code deprecated} for /128 and
 * {@code preferred_lft forever} otherwise, {@code set} when installed). Pure.
 */
public final class AddressText {
    private AddressText() {
    }

    public static String of(IpAddress a, String dev, boolean set) {
        IfAddress kernel = NetSpecs.address(a, 0);
        boolean v4 = a.prefix().address() instanceof Inet4Address;
        int max = v4 ? 32 : 128;
        int len = a.prefix().prefixLength();
        StringBuilder s = new StringBuilder(IpPrefix.text(a.prefix().address()));
        if (len != max && a.peer() == null) {
            s.append('/').append(len);
        }
        if (kernel.broadcast() != null) {
            s.append(" brd ").append(IpPrefix.text(kernel.broadcast()));
        }
        s.append(" dev ").append(dev);
        s.append(" scope ").append(NetSpecs.scopeName(kernel.scope()));
        if (a.label() != null) {
            s.append(" label ").append(a.label());
        }
        if (a.peer() != null) {
            s.append(" peer ").append(IpPrefix.text(a.peer())).append('/').append(len);
        }
        if (a.home()) {
            s.append(" home");
        }
        if (!v4 && a.noDad()) {
            s.append(" -nodad");
        }
        if (a.mngTmpAddr()) {
            s.append(" mngtmpaddr");
        }
        if (a.noPrefixRoute()) {
            s.append(" noprefixroute");
        }
        if (a.autoJoin()) {
            s.append(" autojoin");
        }
        if (!v4) {
            Long lft = a.preferredLft();
            if (lft == null) {
                s.append(len == max ? " deprecated" : " preferred_lft forever");
            } else if (lft == -1) {
                s.append(" preferred_lft forever");
            } else if (lft == 0) {
                s.append(" deprecated");
            } else {
                s.append(" preferred_lft ").append(lft);
            }
        }
        if (set) {
            s.append(" set");
        }
        return s.toString();
    }
}
