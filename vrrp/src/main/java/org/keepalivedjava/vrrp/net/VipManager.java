package org.keepalivedjava.vrrp.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keepalivedjava.config.model.SameConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpAddress;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpRoute;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpRule;
import org.keepalivedjava.config.values.IpPrefix;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.netlink.NetlinkException;
import org.keepalivedjava.os.rtnl.IfAddress;
import org.keepalivedjava.os.rtnl.Link;
import org.keepalivedjava.os.rtnl.Rtnl;
import org.keepalivedjava.os.rtnl.RtnlListener;
import org.keepalivedjava.os.rtnl.RtnlMonitor;

/**
 * The kernel side of the VRRP instances: each instance's virtual_ipaddress, virtual_ipaddress_excluded,
 * virtual_routes and virtual_rules go in when it becomes MASTER ({@link #install}) and out when it leaves
 * ({@link #uninstall}); static_ipaddress/routes/rules go in at {@link #start} and stay. Plus the netlink reflector
 * ({@link RtnlListener}, fed by an {@link RtnlMonitor}: see {@link #startMonitor}).
 *
 * <p>keepalived 2.2.7's behaviour, measured, that this follows:
 * <ul>
 *   <li>at startup every instance's VIPs, eVIPs, routes and rules are removed (leftovers of a crashed
 *       predecessor), logging "(VI_1) removing Virtual Rules / Virtual Routes / VIPs. / E-VIPs.";</li>
 *   <li>adding what exists (EEXIST) and deleting what is gone (EADDRNOTAVAIL, ESRCH, ENOENT) are not errors;</li>
 *   <li>a VIP deleted by someone else while installed logs "Netlink reflector reports IP X removed from eth0".
 *       keepalived 2.2.7 then drops the instance to BACKUP and re-elects (which re-adds it after
 *       Master_Down_Interval); with {@code restoreRemovedVips} this class re-adds it at once instead. Either way
 *       {@link Listener#onVipRemoved} tells the wiring;</li>
 *   <li>a deleted static address is put back ("Restoring deleted static address ...");</li>
 *   <li>an interface going down/up logs "Netlink reports eth0 down|up" and calls {@link Listener#onLinkChange}
 *       (the FSM's FAULT / BACKUP). Up means IFF_UP and IFF_RUNNING (carrier).</li>
 * </ul>
 *
 * <p>Threading: loop thread only (the {@link Rtnl} calls are synchronous netlink round trips of well under a
 * millisecond).
 */
public final class VipManager implements RtnlListener {

    /** Events for the wiring, on the loop thread. */
    public interface Listener {
        /** An interface some instance uses went down (false) or came back (true). */
        default void onLinkChange(String interfaceName, boolean up) {
        }

        /** One of {@code instance}'s installed addresses was deleted by someone else. */
        default void onVipRemoved(String instance, IfAddress address) {
        }
    }

    /** One configured address with the interface it goes on. */
    private record Placed(IpAddress config, String dev) {
    }

    private static final class InstanceNet {
        final String name;
        final List<Placed> vips = new ArrayList<>();
        final List<Placed> evips = new ArrayList<>();
        final List<IpRoute> routes;
        final List<IpRule> rules;
        final String interfaceName;
        /** What install() added, with the interface index used (removal and reflector matching). */
        final List<IfAddress> added = new ArrayList<>();
        boolean installed;

        InstanceNet(String name, String interfaceName, List<IpRoute> routes, List<IpRule> rules) {
            this.name = name;
            this.interfaceName = interfaceName;
            this.routes = routes;
            this.rules = rules;
        }
    }

    private final Rtnl rtnl;
    private final Logger log;
    private final Listener listener;
    private final boolean restoreRemovedVips;
    private final Map<String, InstanceNet> instances = new LinkedHashMap<>();
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final Map<Integer, String> nameByIndex = new HashMap<>();
    private final Map<Integer, Boolean> upByIndex = new HashMap<>();
    private final List<Placed> staticAddresses = new ArrayList<>();
    private final List<IfAddress> staticAdded = new ArrayList<>();
    private final List<IpRoute> staticRoutes = new ArrayList<>();
    private final List<IpRule> staticRules = new ArrayList<>();

    public VipManager(Rtnl rtnl, Logger log, Listener listener, boolean restoreRemovedVips) {
        this.rtnl = rtnl;
        this.log = log;
        this.listener = listener;
        this.restoreRemovedVips = restoreRemovedVips;
    }

    /** Registers an instance (before {@link #start}). */
    public void addInstance(String name, String interfaceName, List<IpAddress> vips, List<IpAddress> evips,
                            List<IpRoute> routes, List<IpRule> rules) {
        InstanceNet inet = new InstanceNet(name, interfaceName, List.copyOf(routes), List.copyOf(rules));
        vips.forEach(a -> inet.vips.add(new Placed(a, a.dev() != null ? a.dev() : interfaceName)));
        evips.forEach(a -> inet.evips.add(new Placed(a, a.dev() != null ? a.dev() : interfaceName)));
        instances.put(name, inet);
    }

    public void addInstance(VrrpConfig.Instance i) {
        addInstance(i.name(), i.interfaceName(), i.virtualAddresses(), i.excludedAddresses(), i.virtualRoutes(),
                i.virtualRules());
    }

    /** static_ipaddress / static_routes / static_rules; {@code defaultInterface} for addresses without dev. */
    public void setStatic(List<IpAddress> addresses, List<IpRoute> routes, List<IpRule> rules,
                          String defaultInterface) {
        addresses.forEach(a -> staticAddresses.add(new Placed(a, a.dev() != null ? a.dev() : defaultInterface)));
        staticRoutes.addAll(routes);
        staticRules.addAll(rules);
    }

    /** Reads the links, installs the static items, removes leftovers of every instance. */
    public void start() {
        refreshLinks();
        installStatic();
        removeResidual();
    }

    /** Joins link and address events on {@code loop}, reported to this manager. */
    public RtnlMonitor startMonitor(EventLoop loop) {
        return RtnlMonitor.start(loop, RtnlMonitor.LINKS_AND_ADDRESSES, this);
    }

    public boolean isInstalled(String instance) {
        return instances.get(instance).installed;
    }

    /** Whether the interface is up with carrier, as last seen (true when unknown). */
    public boolean isUp(String interfaceName) {
        Integer index = indexByName.get(interfaceName);
        return index == null || upByIndex.getOrDefault(index, true);
    }

    private void refreshLinks() {
        for (Link l : rtnl.links()) {
            noteLink(l);
        }
    }

    private void noteLink(Link l) {
        indexByName.put(l.name(), l.index());
        nameByIndex.put(l.index(), l.name());
        upByIndex.put(l.index(), l.isUp() && l.isRunning());
    }

    private int index(String dev) {
        Integer i = indexByName.get(dev);
        if (i == null) {
            refreshLinks();
            i = indexByName.get(dev);
        }
        return i == null ? 0 : i;
    }

    // ------------------------------------------------------------------ static items

    private void installStatic() {
        for (Placed p : staticAddresses) {
            int ifIndex = index(p.dev());
            if (ifIndex == 0) {
                log.error("static address " + p.config().prefix() + ": no interface " + p.dev());
                continue;
            }
            IfAddress a = NetSpecs.address(p.config(), ifIndex);
            if (add(a)) {
                staticAdded.add(a);
            }
        }
        for (IpRoute r : staticRoutes) {
            addRoute(r);
        }
        for (IpRule r : staticRules) {
            addRule(r);
        }
    }

    // ------------------------------------------------------------------ instances

    /** keepalived's startup clean-up: removes whatever of each instance is present. */
    public void removeResidual() {
        for (InstanceNet i : instances.values()) {
            removeAll(i, true);
        }
    }

    /** Becoming MASTER: VIPs, eVIPs, routes, rules (keepalived's order). Idempotent. */
    public void install(String instance) {
        InstanceNet i = instances.get(instance);
        i.installed = true;
        i.added.clear();
        if (!i.vips.isEmpty()) {
            log.info("(" + i.name + ") setting VIPs.");
            addAll(i, i.vips);
        }
        if (!i.evips.isEmpty()) {
            log.info("(" + i.name + ") setting E-VIPs.");
            addAll(i, i.evips);
        }
        if (!i.routes.isEmpty()) {
            log.info("(" + i.name + ") setting Virtual Routes");
            i.routes.forEach(this::addRoute);
        }
        if (!i.rules.isEmpty()) {
            log.info("(" + i.name + ") setting Virtual Rules");
            i.rules.forEach(this::addRule);
        }
    }

    /** Leaving MASTER: rules, routes, VIPs, eVIPs (keepalived's order). Idempotent. */
    public void uninstall(String instance) {
        InstanceNet i = instances.get(instance);
        i.installed = false; // before deleting: our own RTM_DELADDR events must not look like someone else's
        removeAll(i, false);
        i.added.clear();
    }

    /**
     * Reload of a changed instance (same name): its address lists become {@code i}'s. If it is installed (MASTER),
     * only the difference moves in the kernel: what left the lists is removed, what joined is added, what stayed is
     * not touched (no deletion, so nothing flaps). Loop thread, after {@link #start}.
     *
     * @return true when addresses were added (the caller announces them with GARP/NA)
     */
    public boolean replaceInstance(VrrpConfig.Instance i) {
        InstanceNet old = instances.get(i.name());
        addInstance(i);
        InstanceNet next = instances.get(i.name());
        if (old == null || !old.installed) {
            return false;
        }
        // The new entry is in the map before anything is deleted: the reflector must not restore what we remove.
        next.installed = true;
        for (IpRule r : old.rules) {
            if (next.rules.stream().noneMatch(n -> SameConfig.same(n, r))) {
                ignoreMissing(() -> rtnl.deleteRule(NetSpecs.rule(r)));
            }
        }
        for (IpRoute r : old.routes) {
            if (next.routes.stream().noneMatch(n -> SameConfig.same(n, r))) {
                ignoreMissing(() -> rtnl.deleteRoute(NetSpecs.route(r, r.dev() == null ? 0 : index(r.dev()))));
            }
        }
        List<Placed> oldAddresses = new ArrayList<>(old.vips);
        oldAddresses.addAll(old.evips);
        List<Placed> newAddresses = new ArrayList<>(next.vips);
        newAddresses.addAll(next.evips);
        List<Placed> gone = oldAddresses.stream()
                .filter(o -> newAddresses.stream().noneMatch(n -> SameConfig.same(n, o))).toList();
        if (!gone.isEmpty()) {
            log.info("(" + i.name() + ") removing VIPs no longer configured.");
            deleteAll(gone, false);
        }
        boolean addedSome = false;
        for (Placed p : newAddresses) {
            boolean isNew = oldAddresses.stream().noneMatch(o -> SameConfig.same(o, p));
            if (isNew) {
                log.info("(" + i.name() + ") setting new VIP " + IpPrefix.text(p.config().prefix().address()));
                addedSome = true;
            }
            int ifIndex = index(p.dev());
            if (ifIndex == 0) {
                continue;
            }
            IfAddress a = NetSpecs.address(p.config(), ifIndex);
            if (!isNew || add(a)) {
                next.added.add(a);
            }
        }
        next.routes.stream().filter(n -> old.routes.stream().noneMatch(o -> SameConfig.same(o, n)))
                .forEach(this::addRoute);
        next.rules.stream().filter(n -> old.rules.stream().noneMatch(o -> SameConfig.same(o, n)))
                .forEach(this::addRule);
        return addedSome;
    }

    /** Reload: forgets a removed instance (already uninstalled by its state machine's stop). */
    public void removeInstance(String name) {
        instances.remove(name);
    }

    private void addAll(InstanceNet i, List<Placed> list) {
        for (Placed p : list) {
            int ifIndex = index(p.dev());
            if (ifIndex == 0) {
                log.error("(" + i.name + ") cannot set VIP " + IpPrefix.text(p.config().prefix().address())
                        + ": no interface " + p.dev());
                continue;
            }
            IfAddress a = NetSpecs.address(p.config(), ifIndex);
            if (add(a)) {
                i.added.add(a);
            }
        }
    }

    private void removeAll(InstanceNet i, boolean startup) {
        if (!i.rules.isEmpty()) {
            log.info("(" + i.name + ") removing Virtual Rules");
            i.rules.forEach(r -> ignoreMissing(() -> rtnl.deleteRule(NetSpecs.rule(r))));
        }
        if (!i.routes.isEmpty()) {
            log.info("(" + i.name + ") removing Virtual Routes");
            i.routes.forEach(r -> ignoreMissing(() -> rtnl.deleteRoute(NetSpecs.route(r, r.dev() == null ? 0
                    : index(r.dev())))));
        }
        if (!i.vips.isEmpty()) {
            log.info("(" + i.name + ") removing VIPs.");
            deleteAll(i.vips, startup);
        }
        if (!i.evips.isEmpty()) {
            log.info("(" + i.name + ") removing E-VIPs.");
            deleteAll(i.evips, startup);
        }
    }

    private void deleteAll(List<Placed> list, boolean startup) {
        for (Placed p : list) {
            int ifIndex = index(p.dev());
            if (ifIndex != 0) {
                ignoreMissing(() -> rtnl.deleteAddress(NetSpecs.address(p.config(), ifIndex)));
            }
        }
    }

    /** @return true when the address is there afterwards (added now, or already present) */
    private boolean add(IfAddress a) {
        try {
            rtnl.addAddress(a);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) {
                return true;
            }
            log.error("Netlink: error: " + e.getMessage());
            return false;
        }
    }

    private void addRoute(IpRoute r) {
        int ifIndex = r.dev() == null ? 0 : index(r.dev());
        try {
            rtnl.addRoute(NetSpecs.route(r, ifIndex));
        } catch (NetlinkException e) {
            if (e.errno() != Errno.EEXIST) {
                log.error("Netlink: error: " + e.getMessage());
            }
        }
    }

    private void addRule(IpRule r) {
        try {
            rtnl.addRule(NetSpecs.rule(r));
        } catch (NetlinkException e) {
            if (e.errno() != Errno.EEXIST) {
                log.error("Netlink: error: " + e.getMessage());
            }
        }
    }

    private void ignoreMissing(Runnable delete) {
        try {
            delete.run();
        } catch (NetlinkException e) {
            int errno = e.errno();
            if (errno != Errno.EADDRNOTAVAIL && errno != Errno.ESRCH && errno != Errno.ENOENT
                    && errno != Errno.ENODEV) {
                log.error("Netlink: error: " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ the reflector

    @Override
    public void onLink(Link link, boolean removed) {
        Boolean before = upByIndex.get(link.index());
        boolean up = !removed && link.isUp() && link.isRunning();
        indexByName.put(link.name(), link.index());
        nameByIndex.put(link.index(), link.name());
        upByIndex.put(link.index(), up);
        if (before != null && before != up) {
            log.info("Netlink reports " + link.name() + (up ? " up" : " down"));
            listener.onLinkChange(link.name(), up);
        }
    }

    @Override
    public void onAddress(IfAddress address, boolean removed) {
        if (!removed) {
            return;
        }
        for (InstanceNet i : instances.values()) {
            if (!i.installed) {
                continue;
            }
            for (IfAddress ours : i.added) {
                if (same(ours, address) && isGone(ours)) {
                    String dev = nameByIndex.getOrDefault(ours.ifIndex(), Integer.toString(ours.ifIndex()));
                    log.info("Netlink reflector reports IP " + IpPrefix.text(ours.address()) + " removed from "
                            + dev);
                    listener.onVipRemoved(i.name, ours);
                    if (restoreRemovedVips && i.installed && upByIndex.getOrDefault(ours.ifIndex(), true)) {
                        log.info("(" + i.name + ") restoring VIP " + IpPrefix.text(ours.address()) + " on " + dev);
                        add(ours);
                    }
                    return;
                }
            }
        }
        for (int k = 0; k < staticAdded.size(); k++) {
            IfAddress ours = staticAdded.get(k);
            if (same(ours, address) && isGone(ours) && upByIndex.getOrDefault(ours.ifIndex(), true)) {
                Placed p = staticAddresses.stream()
                        .filter(s -> s.config().prefix().address().equals(ours.address())).findFirst().orElse(null);
                log.info("Restoring deleted static address " + (p == null ? IpPrefix.text(ours.address())
                        : AddressText.of(p.config(), p.dev(), true)));
                add(ours);
                return;
            }
        }
    }

    @Override
    public void onOverrun() {
        refreshLinks();
    }

    private static boolean same(IfAddress ours, IfAddress event) {
        return ours.ifIndex() == event.ifIndex() && ours.address().equals(event.address());
    }

    /** Events can be our own, late (uninstall then install): believe only the kernel's current list. */
    private boolean isGone(IfAddress ours) {
        for (IfAddress a : rtnl.addresses(ours.family())) {
            if (same(ours, a)) {
                return false;
            }
        }
        return true;
    }
}
