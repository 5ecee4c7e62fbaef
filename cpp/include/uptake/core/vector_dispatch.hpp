#pragma once
// Load-time dispatch of the vectorised numeric loops. A function marked UPTAKE_DISPATCH_AVX2 is compiled twice where
// the toolchain can dispatch at load time (GCC/Clang on x86-64 ELF): for baseline x86-64 (SSE2) and for x86-64-v3
// (AVX2), picked by the CPU the wheel runs on, so the wheel stays portable and modern CPUs add four doubles per
// instruction instead of two. The core is compiled with -ffp-contract=off (no fused multiply-add, with GCC and Clang
// alike), so both clones do the same multiplies and adds in the same order: bitwise the same results.

#if defined(__x86_64__) && defined(__ELF__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(UPTAKE_NO_CLONES)
#define UPTAKE_DISPATCH_AVX2 __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define UPTAKE_DISPATCH_AVX2
#endif
