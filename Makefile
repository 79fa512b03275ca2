# SPDX-License-Identifier: GPL-2.0
#
# tipc-lb: the extended TIPC module, its CLI and its tests.
#
#   make                   build tipc.ko for Debian's kernel (SERIES: 6.12,
#                          the default, or 6.1), fetching headers/source
#                          through apt
#   make KDIR=... KSRC=... build for another kernel: KDIR is its build tree
#                          (/lib/modules/$(uname -r)/build), KSRC a source
#                          tree of the same version (net/tipc is taken there)
#   make install           install tipc.ko into /lib/modules/<kver>/updates
#                          and the CLI into $(PREFIX)/sbin, with its man
#                          page, bash completion, the systemd unit and udev
#                          rule applying /etc/tipc-lb.conf; never runs
#                          apt-get (install-module, install-cli: each part)
#   make deb               the Debian packages tipc-lb-dkms and tipc-lb
#                          (results/deb/), checked by lintian
#   make check             every test: host, KUnit, VM cluster selftests
#   make check KERNELS="6.12 6.1"
#                          the module build and the VM selftests for each
#                          of these Debian kernels (default: SERIES)
#   make demo              the cluster demo (DEMO=vms: on four VMs)
#   make patches           the series for the kernel tree: git format-patch
#                          files against Debian's 6.12 tree, cover letter
#                          included, in $(PATCHES_DIR) (default
#                          results/patches; net/series/ cuts it)
#   make bench             anycast lookup cost, stock TIPC against tipc-lb
#                          (results/bench/; BENCH_ARGS=--quick for a subset,
#                          see tools/bench/run)
#
# Unpacked kernel trees and build products live in $(TIPC_LB_CACHE)
# (default /var/cache/tipc-lb), never in the repository.

SERIES ?= 6.12
KERNELS ?= $(SERIES)
PREFIX ?= /usr/local
# KDIR and KSRC reach the scripts from the command line or the
# environment: exported here, an unset one would be an empty one
export SERIES KERNELS TIPC_LB_CACHE

.PHONY: all module tools install install-module install-cli deb check kunit demo bench patches clean

all: module tools

module:
	@tools/build-module

tools:
	@tools/deps tools
	$(MAKE) -C tools/tipc-lb
	$(MAKE) -C tools/testing/selftests/net/tipc

# install never runs apt-get (TIPC_LB_NO_APT): missing headers, sources or
# libmnl-dev are an error naming them
install: install-module install-cli

install-module:
	TIPC_LB_NO_APT=1 tools/build-module --install

install-cli:
	$(MAKE) -C tools/tipc-lb install PREFIX=$(PREFIX)

# The Debian packages tipc-lb-dkms and tipc-lb, into $(DEB_OUT), and
# lintian's verdict on them (tools/deps deb installs the build tools)
DEB_OUT ?= results/deb
deb:
	@tools/deps deb
	tools/deb/build $(DEB_OUT)

check:
	@tools/check

kunit:
	@tools/run-kunit

demo:
	@tools/demo/run $(if $(filter vms,$(DEMO)),--vms)

bench:
	@tools/bench/run $(BENCH_ARGS)

# The series applies to the tree tools/build-module unpacks for 6.12
PATCHES_DIR ?= results/patches
patches:
	@tools/deps build series
	@eval "$$(tools/kernel-env prepare 6.12)" && tools/mkseries "$$KSRC" $(PATCHES_DIR)

clean:
	$(MAKE) -C tools/tipc-lb clean
	$(MAKE) -C tools/testing/selftests/net/tipc clean
	$(MAKE) -C tools/bench clean
