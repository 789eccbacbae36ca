# The migration Job's image: kubectl-migrate and the shared libraries it loads, nothing else
# (no shell, no package manager), running as the non-root user 65532.
#
#   docker build -t ghcr.io/kubectl-migrate/kubectl-migrate:0.1.0 \
#     --build-arg KM_GIT_COMMIT=$(git rev-parse --short=12 HEAD) .
#   docker run --rm ghcr.io/kubectl-migrate/kubectl-migrate:0.1.0 version
#   docker run --rm -e DATABASE_URL=postgres://… ghcr.io/kubectl-migrate/kubectl-migrate:0.1.0
#     (the default command applies the migrations baked in at /migrations)
#
# The runtime stage is assembled by scripts/assemble-rootfs: the stripped binary, the exact
# libraries `ldd` lists (libpq, libcurl, libgit2, yaml-cpp, OpenSSL, glibc, …), the loader, the
# CA bundle, /etc/passwd with user 65532, /tmp, and migrations/ (journal and SQL). About 27 MB.
# tests/ship/image_test builds that same directory into an image with buildah and runs it.
# To run migrations from your app's image instead, see docs/image.md.

FROM debian:12 AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      build-essential cmake ninja-build pkg-config binutils ca-certificates \
      libpq-dev libcurl4-openssl-dev libssl-dev libyaml-cpp-dev rapidjson-dev libgit2-dev \
      libpg-query-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake/ cmake/
COPY kubectl-migrate/ kubectl-migrate/
COPY manifests/ manifests/
COPY migrations/ migrations/
COPY scripts/assemble-rootfs scripts/
# .git is not in the build context: the commit comes in as a build argument.
ARG KM_GIT_COMMIT=unknown
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DKM_BUILD_TESTS=OFF \
      -DKM_GIT_COMMIT="${KM_GIT_COMMIT}" \
 && cmake --build /build --target kubectl-migrate \
 && scripts/assemble-rootfs /build/kubectl-migrate/kubectl-migrate /rootfs migrations

FROM scratch
COPY --from=build /rootfs/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/nonroot
USER 65532:65532
WORKDIR /home/nonroot
ENTRYPOINT ["kubectl-migrate"]
CMD ["apply", "--dir", "/migrations"]
