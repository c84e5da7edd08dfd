# Multi-stage build. Stage 1 compiles and publishes with the SDK; stage 2 is the small runtime image.
# It ships bgpd (the daemon, the entry point, config mounted at /etc/bgp/bgpd.yaml) and bgpctl.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props Bgp.sln ./
COPY src/ src/
RUN dotnet publish src/Bgp.Daemon/Bgp.Daemon.csproj -c Release -o /out -nologo \
 && dotnet publish src/Bgp.Cli/Bgp.Cli.csproj -c Release -o /out -nologo

FROM mcr.microsoft.com/dotnet/runtime:10.0
# A fixed unprivileged user; binding TCP 179 later needs CAP_NET_BIND_SERVICE from the runtime.
RUN useradd --system --uid 1790 --no-create-home --shell /usr/sbin/nologin bgpd
COPY --from=build /out /opt/bgp
USER bgpd
ENTRYPOINT ["/opt/bgp/bgpd"]
CMD ["--config", "/etc/bgp/bgpd.yaml"]
