# The migration Job's image: the static release binary (scripts/release-archive), glibc, the CA
# bundle, nothing else (no shell, no package manager), running as the non-root user 65532.
# linux/amd64 and linux/arm64 from the release archives in dist/, without compiling or running
# anything of the target architecture (the release workflow pushes both):
#
#   scripts/release-archive amd64 dist && scripts/release-archive arm64 dist
#   docker buildx build --platform linux/amd64,linux/arm64 \
#     -t ghcr.io/kubectl-migrate/kubectl-migrate:0.1.0 .
#   docker run --rm ghcr.io/kubectl-migrate/kubectl-migrate:0.1.0 version
#   docker run --rm -e DATABASE_URL=postgres://… ghcr.io/kubectl-migrate/kubectl-migrate:0.1.0
#     (the default command applies the migrations baked in at /migrations)
#
# The runtime stage is assembled by scripts/assemble-rootfs: the binary from the archive, the
# target architecture's glibc (libc, libm, the loader: Debian 12's libc6 for that architecture,
# unpacked), the CA bundle, /etc/passwd with user 65532, /tmp, and migrations/ (journal and SQL).
# About 20 MB. tests/ship/image_test builds the same directory into an image with buildah and runs it.
# To run migrations from your app's image instead, see docs/image.md.

FROM --platform=$BUILDPLATFORM debian:12 AS assemble
ARG TARGETARCH
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      binutils ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The target's glibc, from Debian's own package for that architecture.
RUN if [ "$TARGETARCH" != "$(dpkg --print-architecture)" ]; then dpkg --add-architecture "$TARGETARCH"; fi \
 && apt-get update -qq \
 && cd /tmp && apt-get download -qq "libc6:$TARGETARCH" \
 && dpkg -x /tmp/libc6_*.deb /glibc \
 && rm -rf /var/lib/apt/lists/* /tmp/*.deb
COPY dist/kubectl-migrate-*-linux-${TARGETARCH}.tar.gz /tmp/
COPY migrations/ /src/migrations/
COPY scripts/assemble-rootfs /src/scripts/
RUN mkdir /tmp/km && tar xzf /tmp/kubectl-migrate-*-linux-"$TARGETARCH".tar.gz -C /tmp/km --strip-components=1 \
 && /src/scripts/assemble-rootfs --libs-from /glibc /tmp/km/bin/kubectl-migrate /rootfs /src/migrations

FROM scratch
COPY --from=assemble /rootfs/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/nonroot
USER 65532:65532
WORKDIR /home/nonroot
ENTRYPOINT ["kubectl-migrate"]
CMD ["apply", "--dir", "/migrations"]
