package org.ombuds.platform.internal;

import java.lang.reflect.Method;

import org.ombuds.platform.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Emails and other slow side effects run after the request has been answered. A peer being unavailable is
 * expected (the event stays in the registry and is delivered again), so it is logged in one line; anything
 * else with its stack trace, for the operator.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class AsyncConfiguration implements AsyncConfigurer {
    private static final Logger log = LoggerFactory.getLogger(AsyncConfiguration.class);

    @Override
    public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
        return (Throwable failure, Method method, Object... parameters) -> {
            String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
            if (failure instanceof UnavailableException) {
                log.warn("{} did not finish, to be retried: {}", where, failure.getMessage());
            } else {
                log.error("{} failed; its event stays in the registry to be retried", where, failure);
            }
        };
    }
}
