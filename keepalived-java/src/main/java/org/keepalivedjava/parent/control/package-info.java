/**
 * The parent's observability (issue 8): the control socket ({@link org.keepalivedjava.parent.control.ControlServer},
 * its text protocol {@link org.keepalivedjava.parent.control.ControlProtocol} and the CLI's
 * {@link org.keepalivedjava.parent.control.ControlClient}), live status gathered from the children over the
 * watchdog ({@link org.keepalivedjava.parent.control.StatusCollector}) into a
 * {@link org.keepalivedjava.parent.control.StatusReport}, rendered as a table, JSON or Prometheus text (pure
 * formatters), and the optional metrics endpoint ({@link org.keepalivedjava.parent.control.MetricsEndpoint}).
 * {@link org.keepalivedjava.parent.control.ControlPlane} wires them to the parent's loop. Loop thread only, except
 * the metrics endpoint's one HTTP thread, which enters through {@code EventLoop.execute}.
 */
package org.keepalivedjava.parent.control;
