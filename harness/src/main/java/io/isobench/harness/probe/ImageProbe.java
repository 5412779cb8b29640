package io.isobench.harness.probe;

import io.isobench.harness.image.ImageBuilder;
import io.isobench.model.Capability;

import java.util.List;

/** Whether the shared image for this build is in the cache already (else the first run builds it). */
public final class ImageProbe implements Probe {
    @Override
    public List<Capability> probe() {
        try {
            ImageBuilder builder = ImageBuilder.standard();
            boolean built = builder.isBuilt();
            return List.of(new Capability("image", true, built ? "built" : "not built yet",
                    builder.directory() + (built ? ": the shared root filesystem is cached"
                            : ": the first run builds it (jlink, a few seconds)")));
        } catch (Exception e) {
            return List.of(new Capability("image", false, "cannot be built", e.getMessage()));
        }
    }
}
