package org.keepalivedjava.config.model;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keepalivedjava.config.Location;

/**
 * "The same configuration" for reload: two config values are the same when they differ at most in their
 * {@link Location}s, i.e. a block that only moved in the file (or to another included file) is unchanged.
 *
 * <p>Precisely: records are the same when they are of the same class and every component that is not a
 * {@link Location} is the same (recursively); lists are the same element by element in order (order matters in a
 * config: VIP order is the advert's address order, real server order is the IPVS insertion order); sets by
 * membership under {@link Object#equals}; maps when they have the same keys and the same values; arrays by
 * content; anything else by {@link Object#equals}. Pure, no state.
 */
public final class SameConfig {
    private SameConfig() {
    }

    public static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Location && b instanceof Location) {
            return true;
        }
        if (a.getClass() != b.getClass() && !(a instanceof List && b instanceof List)
                && !(a instanceof Map && b instanceof Map) && !(a instanceof Set && b instanceof Set)) {
            return false;
        }
        if (a instanceof Record ra) {
            return sameRecord(ra, (Record) b);
        }
        if (a instanceof List<?> la) {
            return sameList(la, (List<?>) b);
        }
        if (a instanceof Map<?, ?> ma) {
            return sameMap(ma, (Map<?, ?>) b);
        }
        if (a instanceof Set<?>) {
            return a.equals(b);
        }
        if (a.getClass().isArray()) {
            return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
        }
        return a.equals(b);
    }

    private static boolean sameRecord(Record a, Record b) {
        for (RecordComponent c : a.getClass().getRecordComponents()) {
            if (c.getType() == Location.class) {
                continue;
            }
            if (!same(value(c, a), value(c, b))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameList(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<?> ib = b.iterator();
        for (Object x : a) {
            if (!same(x, ib.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameMap(Map<?, ?> a, Map<?, ?> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<?, ?> e : a.entrySet()) {
            if (!same(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            var accessor = c.getAccessor();
            if (!accessor.canAccess(r)) {
                accessor.setAccessible(true);
            }
            return accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            // Record accessors of this project's config records are plain getters: this cannot happen.
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), e);
        }
    }
}
