/**
 * The small shared kernel every module may use: settings, the data folder, the database and its migrations, the
 * event publication registry, scheduling (db-scheduler), problem+json errors and the web pages shared by all. It
 * depends on no other module. Owns the tables {@code event_publication} and db-scheduler's {@code scheduled_tasks}.
 */
@ApplicationModule(allowedDependencies = {})
package org.ombuds.platform;

import org.springframework.modulith.ApplicationModule;
