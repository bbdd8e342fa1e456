package dev.docent.shared.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The API's path templates and the methods each answers, read once from the resource classes' annotations. It
 * lets a wrong method on an existing path be a 405 with an {@code Allow} header: RESTEasy Reactive answers 404 when
 * the path's class-level template holds a parameter ({@code DELETE /v1/collections/{id}/search}), and its own 405s
 * carry no {@code Allow}.
 */
@ApplicationScoped
public class Routes {
    private final List<Route> routes;

    @Inject
    Routes(BeanManager beans) {
        this(resourceClasses(beans.getBeans(Object.class, Any.Literal.INSTANCE)));
    }

    Routes(Collection<Class<?>> resources) {
        Map<String, Route> found = new LinkedHashMap<>();
        for (Class<?> resource : resources) {
            Path base = resource.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String template = join(base.value(), sub == null ? "" : sub.value());
                found.computeIfAbsent(template, t -> new Route(pattern(t), new TreeSet<>()))
                        .methods()
                        .add(verb);
            }
        }
        this.routes = List.copyOf(found.values());
    }

    /**
     * The methods answered at {@code path} by any template it matches, with {@code HEAD} beside {@code GET} and
     * {@code OPTIONS} (both answered by the framework); empty when no template matches.
     */
    public Set<String> allowed(String path) {
        String normalised = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (route.pattern().matcher(normalised).matches()) {
                methods.addAll(route.methods());
            }
        }
        if (!methods.isEmpty()) {
            if (methods.contains(HttpMethod.GET)) {
                methods.add(HttpMethod.HEAD);
            }
            methods.add(HttpMethod.OPTIONS);
        }
        return methods;
    }

    private static List<Class<?>> resourceClasses(Set<Bean<?>> beans) {
        List<Class<?>> out = new ArrayList<>();
        for (Bean<?> bean : beans) {
            Class<?> type = bean.getBeanClass();
            if (type.isAnnotationPresent(Path.class) && type.getPackageName().startsWith("dev.docent")) {
                out.add(type);
            }
        }
        return out;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String path = "/" + base + "/" + sub;
        path = path.replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A template's parameters ({@code {name}} or {@code {name: regex}}) each match one path segment. */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(i)));
                break;
            }
            int close = template.indexOf('}', open);
            if (open > i) {
                regex.append(Pattern.quote(template.substring(i, open)));
            }
            regex.append("[^/]+");
            i = close + 1;
        }
        return Pattern.compile(regex.toString());
    }

    private record Route(Pattern pattern, Set<String> methods) {}
}
