package org.ombuds.platform.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;

/** Emails and other slow side effects run after the request has been answered. */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class AsyncConfiguration {
}
