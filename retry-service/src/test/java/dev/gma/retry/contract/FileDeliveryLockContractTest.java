package dev.gma.retry.contract;

import dev.gma.retry.domain.DeliveryLock;
import dev.gma.retry.local.FileDeliveryLock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The lease contract against the local lock file. */
class FileDeliveryLockContractTest extends DeliveryLockContract {

    @TempDir Path dataDir;

    @Override
    protected DeliveryLock newLock() {
        return new FileDeliveryLock(dataDir, SKEW, clock);
    }
}
