package org.keepalivedjava.checkers.check.impl;

import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.check.BindOptions;

/** The socket source options of a checker (bindto, bind_port, bind_if, fwmark). */
final class Binds {
    private Binds() {
    }

    static BindOptions of(CheckerConfig.Common c) {
        if (c.bindTo() == null && c.bindPort() == 0 && c.bindIf() == null && c.fwmark() == 0) {
            return BindOptions.NONE;
        }
        return new BindOptions(c.bindTo(), c.bindPort(), c.bindIf(), (int) c.fwmark());
    }
}
