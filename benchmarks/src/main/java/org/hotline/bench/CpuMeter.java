package org.hotline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * CPU used over a stretch of wall time, in percent of one core: by this JVM, by the database server when it runs on
 * this machine, and by everything else (other builds and tests sharing the machine). On two cores a total near
 * 200 % means the machine was the limit, not the scheduler's waiting. The split needs Linux's {@code /proc}.
 */
final class CpuMeter {

    private final long wallStart = System.nanoTime();
    private final long jvmStart = jvmCpuNanos();
    private final long[] machineStart = machine();
    private final Path database;
    private final long databaseStart;

    /** @param serverDatabase whether the database is a server (possibly on this machine), not embedded */
    CpuMeter(boolean serverDatabase) {
        this.database = serverDatabase ? databaseProcess() : null;
        this.databaseStart = ticks(database);
    }

    /** "jvm 150 % + db 40 % + rest 5 %" since this meter was created. */
    String since() {
        double wall = System.nanoTime() - wallStart;
        double jvm = 100.0 * (jvmCpuNanos() - jvmStart) / wall;
        long[] end = machine();
        if (machineStart == null || end == null) {
            return String.format(Locale.ROOT, "jvm %.0f %%", jvm);
        }
        double busyTicks = end[0] - machineStart[0];
        double totalTicks = end[1] - machineStart[1];
        double cores = Runtime.getRuntime().availableProcessors();
        double machinePercent = totalTicks <= 0 ? 0 : 100.0 * cores * busyTicks / totalTicks;
        if (database == null) {
            return String.format(Locale.ROOT, "jvm %.0f %% + other %.0f %%", jvm, Math.max(0, machinePercent - jvm));
        }
        // /proc/<pid>/stat counts in clock ticks of 1/100 s on Linux.
        double db = 100.0 * (ticks(database) - databaseStart) * 1e7 / wall;
        return String.format(Locale.ROOT, "jvm %.0f %% + db %.0f %% + rest %.0f %%", jvm, db,
                Math.max(0, machinePercent - jvm - db));
    }

    private static long jvmCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** The local MariaDB or MySQL server's {@code /proc/<pid>/stat}, or null. */
    private static Path databaseProcess() {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String comm = Files.readString(p.resolve("comm")).trim();
                            return comm.equals("mariadbd") || comm.equals("mysqld");
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    })
                    .map(p -> p.resolve("stat")).findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** User and system clock ticks a process has used. */
    private static long ticks(Path stat) {
        if (stat == null) {
            return 0;
        }
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Busy and total ticks of all CPUs, or null off Linux. */
    private static long[] machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            long[] v = Arrays.stream(cpu.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(v).sum();
            long idle = v[3] + (v.length > 4 ? v[4] : 0);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
