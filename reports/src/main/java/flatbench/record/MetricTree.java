package flatbench.record;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The JSON-friendly trees a run record holds (metrics and config): nested maps with sorted keys,
 * numbers (Long or Double), {@code double[]}, strings, booleans and lists of these. The same
 * normalisation runs on construction and after reading JSON, so a tree survives a round trip
 * unchanged: a JSON list of numbers comes back as {@code double[]}, and the strings Jackson writes
 * for non-finite values ("NaN", "Infinity", "-Infinity") come back as doubles.
 */
public final class MetricTree {
    private MetricTree() {}

    /** A deep, unmodifiable, key-sorted copy; throws IllegalArgumentException naming the path of a value JSON cannot hold. */
    public static Map<String, Object> normalize(Map<String, ?> tree) {
        return tree == null ? Map.of() : normalizeMap(tree, "");
    }

    /** The value at a dotted path such as "hessian.topEigenvalues"; empty where any part is missing. */
    public static Optional<Object> get(Map<String, Object> tree, String path) {
        Object node = tree;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) return Optional.empty();
            node = map.get(key);
            if (node == null) return Optional.empty();
        }
        return Optional.of(node);
    }

    /** The number at a path (an estimate object's value); empty where it is missing or not a number. */
    public static OptionalDouble number(Map<String, Object> tree, String path) {
        return get(tree, path).map(MetricTree::valueOf).filter(Number.class::isInstance)
                .map(v -> OptionalDouble.of(((Number) v).doubleValue())).orElse(OptionalDouble.empty());
    }

    /** A copy of the array at a path (an estimate object's value); empty where it is missing or not a numeric array. */
    public static Optional<double[]> array(Map<String, Object> tree, String path) {
        return get(tree, path).map(MetricTree::valueOf).filter(double[].class::isInstance).map(v -> ((double[]) v).clone());
    }

    /** The value with its interval and split halves at a path ({@link Estimate}); a plain number or array has neither. */
    public static Optional<Estimate> estimate(Map<String, Object> tree, String path) {
        return get(tree, path).flatMap(Estimate::from);
    }

    /** An estimate object's value, a reproduction row's measured value, anything else itself. */
    private static Object valueOf(Object node) {
        if (node instanceof Map<?, ?> m && Reproduction.isRow(m)) return m.get(Reproduction.MEASURED);
        return node instanceof Map<?, ?> m && m.containsKey(Estimate.VALUE) ? m.get(Estimate.VALUE) : node;
    }

    /** The sub-tree at a path; empty where it is missing or not a map. */
    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> subtree(Map<String, Object> tree, String path) {
        return get(tree, path).filter(Map.class::isInstance).map(v -> (Map<String, Object>) v);
    }

    private static Map<String, Object> normalizeMap(Map<?, ?> map, String path) {
        TreeMap<String, Object> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            out.put(key, normalizeValue(e.getValue(), path.isEmpty() ? key : path + "." + key));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object normalizeValue(Object v, String path) {
        if (v == null) throw new IllegalArgumentException("value at '" + path + "' is null; leave the entry out instead");
        if (v instanceof Map<?, ?> m) return normalizeMap(m, path);
        if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) return ((Number) v).doubleValue();
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof java.math.BigInteger) return ((Number) v).longValue();
        if (v instanceof String s) {
            Double special = nonFinite(s);
            return special != null ? special : s;
        }
        if (v instanceof Boolean) return v;
        if (v instanceof Enum<?> e) return e.name();
        if (v instanceof Path p) return p.toString();
        if (v instanceof double[] d) return d.clone();
        if (v.getClass().isArray() && v.getClass().getComponentType().isPrimitive()) {
            int n = Array.getLength(v);
            if (v instanceof boolean[] || v instanceof char[]) {
                throw new IllegalArgumentException("value at '" + path + "' is a " + v.getClass().getSimpleName()
                        + ", which a run record cannot hold; use a list or a double[]");
            }
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = ((Number) Array.get(v, i)).doubleValue();
            return d;
        }
        if (v instanceof Object[] arr) return normalizeList(java.util.Arrays.asList(arr), path);
        if (v instanceof Collection<?> c) return normalizeList(c, path);
        throw new IllegalArgumentException("value at '" + path + "' is a " + v.getClass().getName()
                + ", which a run record cannot hold; use numbers, double[], strings, booleans, lists or maps");
    }

    /** A list whose elements are all numbers becomes a double[]; any other list stays a list. */
    private static Object normalizeList(Collection<?> c, String path) {
        List<Object> items = new ArrayList<>(c.size());
        boolean numeric = true;
        int i = 0;
        for (Object o : c) {
            Object n = normalizeValue(o, path + "[" + i++ + "]");
            numeric &= n instanceof Number;
            items.add(n);
        }
        if (numeric) return items.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        return Collections.unmodifiableList(items);
    }

    private static Double nonFinite(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }
}
