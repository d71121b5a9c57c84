package dev.cairn.ops;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The fields of a manifest that fabric8's typed models do not know. fabric8 reads them without complaint
 * into each object's {@code additionalProperties}, and the API server would drop or refuse them: a
 * misspelt {@code livenesProbe} is a probe that never runs. So a typo in {@code deploy/k8s/} fails the
 * tests instead of deploying quietly.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    /**
     * @param object a typed model (a custom resource's content is all "unknown", so it is not searched)
     * @param path   where it is, for the report
     * @return each unknown field as {@code path.to.object: [field, …]}
     */
    static List<String> in(Object object, String path) {
        List<String> found = new ArrayList<>();
        collect(object, path, found);
        return found;
    }

    private static void collect(Object object, String path, List<String> found) {
        if (object == null || object instanceof GenericKubernetesResource) return;
        if (object instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) collect(item, path + "[" + i++ + "]", found);
            return;
        }
        if (object instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collect(value, path + "." + key, found));
            return;
        }
        // why: only fabric8's models carry additionalProperties; strings, numbers and enums end the walk
        if (!object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || getter.getDeclaringClass() == Object.class) continue;
            String name = getter.getName();
            if (!name.startsWith("get")) continue;
            Object value = invoke(getter, object);
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) found.add(path + ": " + extra.keySet());
            } else {
                collect(value, path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4), found);
            }
        }
    }

    private static Object invoke(Method getter, Object object) {
        try {
            return getter.invoke(object);
        } catch (IllegalAccessException | InvocationTargetException e) {
            // why: derived getters (a Quantity's numerical amount of an odd value) may throw; they hold no fields of the manifest
            return null;
        }
    }
}
