/**
 * The children's live status as the parent receives it over the watchdog: {@link
 * org.keepalivedjava.status.ChildStatus} (plain data) and {@link org.keepalivedjava.status.StatusCodec} (its wire
 * form). Shared by the children, which produce it, and the parent's control socket and metrics, which read it.
 */
package org.keepalivedjava.status;
