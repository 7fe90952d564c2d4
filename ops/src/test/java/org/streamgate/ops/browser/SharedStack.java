package org.streamgate.ops.browser;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.streamgate.ops.e2e.StreamGateStack;

/**
 * One stack and one browser for all browser test classes of a run (starting the four services is most of the
 * time): created by the first class, closed by JUnit when the run ends.
 */
final class SharedStack implements ParameterResolver {

    record Resources(StreamGateStack stack, Browser browser) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            try {
                browser.close();
            } finally {
                stack.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Resources.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Resources.class, k -> start(), Resources.class);
    }

    private static Resources start() {
        StreamGateStack stack = null;
        try {
            stack = StreamGateStack.start("browser", Browser.stackOverrides());
            return new Resources(stack, Browser.start());
        } catch (Exception e) {
            if (stack != null) {
                try {
                    stack.close();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new AssertionError("cannot start the stack and the browser", e);
        }
    }
}
