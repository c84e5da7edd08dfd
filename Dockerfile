# Multi-stage build. Stage 1 compiles and publishes with the SDK; stage 2 is the small runtime image.
# It ships bgpd (the daemon, the entry point, config mounted at /etc/bgp/bgpd.yaml) and bgpctl.
# Build: docker build -t bgp . (the proto/ contract is compiled by src/Bgp.Api during publish).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props Bgp.sln ./
COPY proto/ proto/
COPY src/ src/
RUN dotnet publish src/Bgp.Daemon/Bgp.Daemon.csproj -c Release -o /out -nologo \
 && dotnet publish src/Bgp.Cli/Bgp.Cli.csproj -c Release -o /out -nologo

# bgpd hosts ASP.NET Core (Kestrel serves the gRPC API and the health/metrics endpoint), so the runtime
# image is aspnet, not runtime; bgpctl needs only the base runtime, which aspnet includes.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
# A fixed unprivileged user; binding TCP 179 later needs CAP_NET_BIND_SERVICE from the runtime.
RUN useradd --system --uid 1790 --no-create-home --shell /usr/sbin/nologin bgpd
COPY --from=build /out /opt/bgp
USER bgpd
# 179: BGP sessions (listen.port); 50051: the gRPC API used by bgpctl (api.port); 9099: /liveness,
# /readiness and /metrics (health.port). bgpd binds the API and health to 127.0.0.1 unless the config's
# api.address / health.address say otherwise, so set them for access from outside the container.
EXPOSE 179 50051 9099
ENTRYPOINT ["/opt/bgp/bgpd"]
CMD ["--config", "/etc/bgp/bgpd.yaml"]
