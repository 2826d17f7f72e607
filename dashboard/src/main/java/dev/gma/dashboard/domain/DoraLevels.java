package dev.gma.dashboard.domain;

/**
 * Performance levels of the four DORA metrics, with the thresholds of the <b>Accelerate State of
 * DevOps Report 2023</b> (DORA, Google Cloud), table "Software delivery performance" (elite, high,
 * medium, low clusters). Each cluster's range is turned into a cut-off at its better end:
 *
 * <pre>
 *                      elite              high                  medium                 low
 * deployment freq.     on demand (>= 1/day) >= 1/week           >= 1/month             less often
 * lead time (median)   < 1 day            < 1 week              < 1 month              longer
 * change failure rate  <= 5%              <= 10%                <= 15%                 more (report: 64%)
 * time to restore      < 1 hour           < 1 day               < 1 week               longer
 * </pre>
 */
public final class DoraLevels {

    public static final String EDITION = "Accelerate State of DevOps Report 2023";

    public enum Level { elite, high, medium, low }

    private DoraLevels() {}

    /** @param perDay production deployments per day over the range */
    public static Level deploymentFrequency(double perDay) {
        if (perDay >= 1) {
            return Level.elite;
        }
        if (perDay >= 1.0 / 7) {
            return Level.high;
        }
        if (perDay >= 1.0 / 30) {
            return Level.medium;
        }
        return Level.low;
    }

    public static Level leadTime(double medianHours) {
        return hours(medianHours, 24, 24 * 7, 24 * 30);
    }

    public static Level timeToRestore(double medianHours) {
        return hours(medianHours, 1, 24, 24 * 7);
    }

    public static Level changeFailureRate(double rate) {
        if (rate <= 0.05) {
            return Level.elite;
        }
        if (rate <= 0.10) {
            return Level.high;
        }
        if (rate <= 0.15) {
            return Level.medium;
        }
        return Level.low;
    }

    private static Level hours(double value, double elite, double high, double medium) {
        if (value < elite) {
            return Level.elite;
        }
        if (value < high) {
            return Level.high;
        }
        if (value < medium) {
            return Level.medium;
        }
        return Level.low;
    }
}
