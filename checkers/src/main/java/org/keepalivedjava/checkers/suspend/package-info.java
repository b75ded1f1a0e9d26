/**
 * ha_suspend: which of the host's addresses each virtual server waits for ({@link HaSuspend}, pure), and where
 * the host's addresses come from ({@link AddressSource}; {@link RtnlAddressSource} over rtnetlink).
 */
package org.keepalivedjava.checkers.suspend;
