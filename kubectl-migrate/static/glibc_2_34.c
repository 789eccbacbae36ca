/* The two glibc functions newer than GLIBC_2.34 that the static release build (-DKM_STATIC=ON)
 * would otherwise require, defined here in the executable (which the linker searches before libc)
 * on top of older glibc interfaces, so that the binary starts on glibc 2.34 (RHEL 9) too.
 * tests/ship/static_test checks that no GLIBC_2.35+ symbol is left.
 *
 * _dl_find_object (GLIBC_2.35). With -static-libgcc, GCC 12's unwinder (libgcc_eh.a, used for every C++ exception) finds the
 * unwind tables of a code address through glibc's _dl_find_object, which exists only from
 * GLIBC_2.35 on: the binary would refuse to start on glibc 2.34 (RHEL 9) and older. This
 * definition, found in the executable before libc, answers the same question through
 * dl_iterate_phdr (GLIBC_2.2.5), the way libgcc did before glibc 2.35: the loaded object whose
 * PT_LOAD segment holds the address, and its PT_GNU_EH_FRAME segment (.eh_frame_hdr).
 * libgcc reads dlfo_eh_frame only (dlfo_eh_dbase on i386/nios2, which are not built). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/random.h>

struct km_find {
  uintptr_t pc;
  struct dl_find_object *result;
  int found;
};

static int km_visit(struct dl_phdr_info *info, size_t size, void *data) {
  struct km_find *find = data;
  (void)size;
  const ElfW(Phdr) *eh_frame = NULL;
  uintptr_t start = UINTPTR_MAX, end = 0;
  int holds_pc = 0;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
    if (phdr->p_type == PT_GNU_EH_FRAME) eh_frame = phdr;
    if (phdr->p_type != PT_LOAD) continue;
    uintptr_t begin = info->dlpi_addr + phdr->p_vaddr;
    uintptr_t limit = begin + phdr->p_memsz;
    if (begin < start) start = begin;
    if (limit > end) end = limit;
    if (find->pc >= begin && find->pc < limit) holds_pc = 1;
  }
  if (!holds_pc) return 0;
  memset(find->result, 0, sizeof *find->result);
  find->result->dlfo_map_start = (void *)start;
  find->result->dlfo_map_end = (void *)end;
  find->result->dlfo_eh_frame =
      eh_frame ? (void *)(info->dlpi_addr + eh_frame->p_vaddr) : NULL;
  find->found = 1;
  return 1;
}

/* Hidden: it serves this executable's own references (libgcc_eh's) and is not exported, so it does
 * not interpose on libc's for anything the process loads (NSS modules). Same for arc4random. */
__attribute__((visibility("hidden"))) int _dl_find_object(void *pc, struct dl_find_object *result) {
  struct km_find find = {(uintptr_t)pc, result, 0};
  dl_iterate_phdr(km_visit, &find);
  return find.found ? 0 : -1;
}

/* arc4random (GLIBC_2.36). The static libstdc++ always links std::random_device's source
 * (stdexcept.o -> cow-string-inst.o -> random.o), which calls it. Same contract as glibc's: 32
 * random bits from the kernel (getrandom, GLIBC_2.25), never fails; glibc aborts too when the
 * kernel cannot give any. */
__attribute__((visibility("hidden"))) uint32_t arc4random(void) {
  uint32_t value;
  for (;;) {
    ssize_t n = getrandom(&value, sizeof value, 0);
    if (n == (ssize_t)sizeof value) return value;
    if (n < 0 && errno != EINTR) abort();
  }
}
