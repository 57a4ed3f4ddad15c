package org.hotline.bench;

import java.lang.management.ManagementFactory;
import org.hotline.db.Database;

/** The machine a result comes from: printed with every run, so a figure always says where it was measured. */
final class Machine {

    private Machine() {
    }

    static String describe(Database database) {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize() >> 30;
        }
        return String.format("machine: %d cores, %d GiB memory, %s %s, JDK %s (heap max %d MiB), database %s",
                Runtime.getRuntime().availableProcessors(), memory, System.getProperty("os.name"),
                System.getProperty("os.version"), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20,
                database.description());
    }
}
