package org.ombuds.platform.internal;

import java.util.Properties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The mail sender, defined whether or not OMBUDS_SMTP_HOST is set (Spring Boot defines its own only when
 * {@code spring.mail.host} is). The installed server starts from bean definitions made when the jar was built
 * (Spring AOT), where a condition on a setting is decided once, at build time, without the operator's
 * environment. {@link org.ombuds.platform.Mailer} sends nothing while no host is set.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
class MailConfiguration {

    @Bean
    JavaMailSenderImpl mailSender(MailProperties mail) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(mail.getHost());
        if (mail.getPort() != null) sender.setPort(mail.getPort());
        sender.setUsername(mail.getUsername());
        sender.setPassword(mail.getPassword());
        sender.setProtocol(mail.getProtocol());
        if (mail.getDefaultEncoding() != null) sender.setDefaultEncoding(mail.getDefaultEncoding().name());
        Properties properties = new Properties();
        properties.putAll(mail.getProperties());
        sender.setJavaMailProperties(properties);
        return sender;
    }
}
