package org.keepalivedjava.config.keywords;

import java.net.InetAddress;
import java.util.List;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.model.script.ScriptLines;
import org.keepalivedjava.config.model.vrrp.VrrpBuilder.InstanceBuilder;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.config.tree.KeywordTable;
import org.keepalivedjava.config.tree.Words;
import org.keepalivedjava.config.values.InetValues;

/** vrrp_instance and every keyword keepalived 2.2.7 accepts in it. */
public final class VrrpInstanceKeywords {
    private VrrpInstanceKeywords() {
    }

    static void install(KeywordTable<ConfigBuilder> root) {
        root.block("vrrp_instance", (c, w) -> {
            if (VrrpKeywords.named(w) == null) {
                return null;
            }
            var b = new InstanceBuilder(w.get(1), w.location());
            c.vrrp.attach(c.scriptsInUse).instances.add(b);
            return b;
        }, table());
    }

    static KeywordTable<InstanceBuilder> table() {
        KeywordTable<InstanceBuilder> t = new KeywordTable<>("vrrp_instance");
        t.leaf("state", (b, w) -> {
            String s = w.require(1);
            if ("MASTER".equals(s)) {
                b.state = VrrpConfig.InitialState.MASTER;
                b.stateSet = true;
            } else if ("BACKUP".equals(s)) {
                b.state = VrrpConfig.InitialState.BACKUP;
                b.stateSet = true;
            } else if (s != null) {
                w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") unknown state '" + s
                        + "', defaulting to BACKUP");
            }
        });
        t.leaf("interface", (b, w) -> {
            String s = w.require(1);
            if ("lo".equals(s)) {
                w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") cannot use a loopback interface (" + s
                        + ") for vrrp - ignoring");
                b.interfaceRejected = true;
                return;
            }
            b.interfaceName = s;
            b.interfaceLocation = w.location();
        });
        t.leaf("virtual_router_id", (b, w) -> {
            Long v = w.integer(1, 1, 255);
            if (v == null) {
                if (w.has(1)) {
                    w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + "): VRID '" + w.get(1)
                            + "' not valid - must be between 1 & 255");
                }
            } else {
                b.vrid = v.intValue();
            }
        });
        t.leaf("priority", (b, w) -> {
            Long v = w.integer(1, 1, 255);
            if (v == null) {
                if (w.has(1)) {
                    w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name
                            + ") Priority not valid! must be between 1 & 255. Using default 100");
                }
            } else {
                b.priority = v.intValue();
                b.prioritySet = true;
            }
        });
        t.leaf("advert_int", (b, w) -> {
            Long us = w.decimalSeconds(1, 0.01, 255);
            if (us == null) {
                if (w.has(1)) {
                    w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") Advert interval (" + w.get(1)
                            + ") not valid! Must be > 0 - ignoring");
                }
            } else {
                b.advertIntervalUs = us;
            }
        });
        t.leaf("version", (b, w) -> {
            Long v = w.integer(1, 2, 3);
            if (v == null) {
                if (w.has(1)) {
                    w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + "): Version must be either 2 or 3");
                }
            } else {
                b.version = v.intValue();
            }
        });
        t.leaf("native_ipv6", (b, w) -> b.nativeIpv6 = true);
        t.leaf("use_vmac", (b, w) -> {
            b.useVmac = true;
            b.vmacName = w.get(1);
        });
        t.leaf("vmac_xmit_base", (b, w) -> b.vmacXmitBase = true);
        t.leaf("dont_track_primary", (b, w) -> b.dontTrackPrimary = true);
        t.leaf("mcast_src_ip", (b, w) -> b.sourceAddress = address(b, w));
        t.leaf("unicast_src_ip", (b, w) -> b.sourceAddress = address(b, w));
        t.leaf("mcast_dst_ip", (b, w) -> {
            InetAddress a = address(b, w);
            if (a != null && !a.isMulticastAddress()) {
                w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") mcast_dst_ip " + w.get(1)
                        + " is not a multicast address - ignoring");
            } else {
                b.mcastDestination = a;
            }
        });
        t.values("unicast_peer", (b, w) -> peer(b, w));
        t.leaf("unicast_fault_no_peer", (b, w) -> b.unicastFaultNoPeer = true);
        t.leaf("unicast_ttl", (b, w) -> {
            Long v = w.integer(1, 0, 255);
            if (v != null) {
                b.unicastTtl = v.intValue();
            }
        });
        t.leaf("check_unicast_src", (b, w) -> b.checkUnicastSrc = true);
        t.block("authentication", (b, w) -> b, authTable());
        t.values("virtual_ipaddress", (b, w) -> {
            var a = VrrpAddressKeywords.address(w);
            if (a != null) {
                b.vips.add(a);
            }
        });
        t.values("virtual_ipaddress_excluded", (b, w) -> {
            var a = VrrpAddressKeywords.address(w);
            if (a != null) {
                b.evips.add(a);
            }
        });
        t.values("virtual_routes", (b, w) -> {
            var r = VrrpAddressKeywords.route(w);
            if (r != null) {
                b.routes.add(r);
            }
        });
        t.values("virtual_rules", (b, w) -> {
            var r = VrrpAddressKeywords.rule(w);
            if (r != null) {
                b.rules.add(r);
            }
        });
        t.leaf("nopreempt", (b, w) -> b.preempt = false);
        t.leaf("preempt", (b, w) -> b.preempt = true);
        t.leaf("preempt_delay", (b, w) -> {
            Long us = w.decimalSeconds(1, 0, 1000);
            if (us != null) {
                b.preemptDelayUs = us;
            }
        });
        t.leaf("garp_master_delay", (b, w) -> seconds(w, 0, 86400, v -> b.garpMasterDelayUs = v));
        t.leaf("garp_lower_prio_delay", (b, w) -> seconds(w, 0, 86400, v -> b.garpLowerPrioDelayUs = v));
        t.leaf("garp_master_refresh", (b, w) -> seconds(w, 0, Integer.MAX_VALUE, v -> b.garpMasterRefreshUs = v));
        t.leaf("garp_master_repeat", (b, w) -> count(w, 1, v -> b.garpMasterRepeat = v));
        t.leaf("garp_lower_prio_repeat", (b, w) -> count(w, 0, v -> b.garpLowerPrioRepeat = v));
        t.leaf("garp_master_refresh_repeat", (b, w) -> count(w, 1, v -> b.garpMasterRefreshRepeat = v));
        t.leaf("down_timer_adverts", (b, w) -> {
            Long v = w.integer(1, 1, 100);
            if (v != null) {
                b.downTimerAdverts = v.intValue();
            }
        });
        t.leaf("lower_prio_no_advert", (b, w) -> b.lowerPrioNoAdvert = w.flag(1));
        t.leaf("higher_prio_send_advert", (b, w) -> b.higherPrioSendAdvert = w.flag(1));
        VrrpKeywords.tracking(t, 253);
        VrrpKeywords.notifies(t);
        t.leaf("notify_deleted", (b, w) -> {
            b.notifyDeletedState = true;
            if (w.has(1)) {
                b.notifyDeleted = ScriptLines.read(w, 1);
            }
        });
        t.leaf("notify_master_rx_lower_pri", (b, w) -> b.notifyMasterRxLowerPri = ScriptLines.read(w, 1));
        t.leaf("accept", (b, w) -> b.accept = true);
        t.leaf("no_accept", (b, w) -> b.accept = false);
        t.leaf("skip_check_adv_addr", (b, w) -> b.skipCheckAdvAddr = w.flag(1));
        t.leaf("strict_mode", (b, w) -> b.strictMode = w.flag(1));
        t.leaf("promote_secondaries", (b, w) -> b.promoteSecondaries = true);
        t.leaf("track_src_ip", (b, w) -> b.trackSrcIp = true);
        t.leaf("debug", (b, w) -> {
            Long v = w.integer(1, 0, 4);
            if (v != null) {
                other(b, w);
            }
        });
        t.leaf("kernel_rx_buf_size", (b, w) -> {
            if (w.unsigned(1, 0, Integer.MAX_VALUE) != null) {
                other(b, w);
            }
        });
        t.leaf("linkbeat_use_polling", (b, w) -> {
            w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name
                    + ") 'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces block");
            other(b, w);
        });
        t.leaf("lvs_sync_daemon_interface", (b, w) -> {
            w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name
                    + ") Specifying lvs_sync_daemon_interface against a vrrp is deprecated.");
            w.error(ConfigStatus.GENERAL_ERROR, "        Please use global lvs_sync_daemon");
            other(b, w);
        });
        // Accepted as keepalived accepts them; keepalived-java keeps the words but does not act on them.
        for (String k : List.of("use_vmac_addr", "use_ipvlan", "vrf", "old_unicast_checksum", "garp_extra_if",
                "vmac_garp_intvl")) {
            t.leaf(k, VrrpInstanceKeywords::other);
        }
        return t;
    }

    private static void other(InstanceBuilder b, Words w) {
        b.otherSettings.put(w.keyword(), List.copyOf(w.from(1)));
    }

    private static KeywordTable<InstanceBuilder> authTable() {
        return new KeywordTable<InstanceBuilder>("authentication")
                .leaf("auth_type", (b, w) -> {
                    String s = w.require(1);
                    if ("PASS".equals(s) || "AH".equals(s)) {
                        b.authentication = auth(b).withPass(s, auth(b).password());
                    } else if (s != null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") unknown authentication type '" + s
                                + "'");
                    }
                })
                .leaf("auth_pass", (b, w) -> {
                    String s = w.require(1);
                    if (s != null) {
                        // VRRPv2 carries 8 octets of password (RFC 2338 §5.3.10); keepalived truncates
                        String pass = s.length() > 8 ? s.substring(0, 8) : s;
                        b.authentication = auth(b).withPass(auth(b).type(), pass);
                    }
                })
                // HMAC trailer (keepalived after 2.2.7): keepalived-java's keyword names, documented in RELIABILITY.md
                .leaf("auth_hmac_key", (b, w) -> {
                    Long id = w.integer(1, 0, 255);
                    String hex = w.require(2);
                    if (id == null || hex == null) {
                        return;
                    }
                    byte[] key;
                    try {
                        key = java.util.HexFormat.of().parseHex(hex);
                    } catch (IllegalArgumentException e) {
                        w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") auth_hmac_key " + id
                                + " is not hexadecimal - ignoring");
                        return;
                    }
                    if (key.length < 32 || key.length > 64) {
                        w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") auth_hmac_key " + id + " must be 32 to"
                                + " 64 bytes (64 to 128 hex digits), not " + key.length + " - ignoring");
                        return;
                    }
                    VrrpConfig.Authentication a = auth(b);
                    if (a.hmacKeys().stream().anyMatch(k -> k.id() == id)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") duplicate auth_hmac_key " + id
                                + " - ignoring");
                        return;
                    }
                    List<VrrpConfig.HmacKey> keys = new java.util.ArrayList<>(a.hmacKeys());
                    keys.add(new VrrpConfig.HmacKey(id.intValue(), key));
                    b.authentication = new VrrpConfig.Authentication(a.type(), a.password(), keys,
                            a.hmacActiveKey(), a.hmacWindowSeconds());
                })
                .leaf("auth_hmac_active_key", (b, w) -> {
                    Long id = w.integer(1, 0, 255);
                    if (id != null) {
                        VrrpConfig.Authentication a = auth(b);
                        b.authentication = new VrrpConfig.Authentication(a.type(), a.password(), a.hmacKeys(),
                                id.intValue(), a.hmacWindowSeconds());
                    }
                })
                .leaf("auth_hmac_window", (b, w) -> {
                    Long seconds = w.integer(1, 0, 300);
                    if (seconds != null) {
                        VrrpConfig.Authentication a = auth(b);
                        b.authentication = new VrrpConfig.Authentication(a.type(), a.password(), a.hmacKeys(),
                                a.hmacActiveKey(), seconds.intValue());
                    }
                });
    }

    private static VrrpConfig.Authentication auth(InstanceBuilder b) {
        return b.authentication != null ? b.authentication : new VrrpConfig.Authentication(null, null);
    }

    private static InetAddress address(InstanceBuilder b, Words w) {
        String s = w.require(1);
        if (s == null) {
            return null;
        }
        InetAddress a = InetValues.parseLiteral(s);
        if (a == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") invalid " + w.keyword() + " " + s);
        }
        return a;
    }

    private static void peer(InstanceBuilder b, Words w) {
        InetAddress a = InetValues.parseLiteral(w.get(0));
        if (a == null) {
            w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") VRRP parsed invalid IP " + w.get(0)
                    + ". skipping IP...");
            return;
        }
        Integer min = null;
        Integer max = null;
        for (int i = 1; i < w.size(); i++) {
            String k = w.get(i);
            if ((k.equals("min_ttl") || k.equals("max_ttl")) && w.has(i + 1)) {
                Long v = w.parseInteger(w.get(++i), 0, 255);
                if (v != null) {
                    if (k.equals("min_ttl")) {
                        min = v.intValue();
                    } else {
                        max = v.intValue();
                    }
                }
            } else {
                w.error(ConfigStatus.GENERAL_ERROR, "(" + b.name + ") Unknown unicast_peer option " + k);
            }
        }
        if (min != null || max != null) {
            b.checkUnicastSrc = true;
        }
        b.unicastPeers.add(new VrrpConfig.UnicastPeer(a, min, max, w.location()));
    }

    private interface LongSink {
        void accept(long v);
    }

    private static void seconds(Words w, long min, long max, LongSink sink) {
        Long v = w.unsigned(1, min, max);
        if (v != null) {
            sink.accept(v * 1_000_000L);
        }
    }

    private static void count(Words w, long min, java.util.function.IntConsumer sink) {
        Long v = w.integer(1, min, Integer.MAX_VALUE);
        if (v != null) {
            sink.accept(v.intValue());
        }
    }
}
