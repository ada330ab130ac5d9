/* mimerun.c - the MIME parser's block scan over runs of plain body lines */
#include "mimerun.h"

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define MIME_HAVE_SSE2 1
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define MIME_HAVE_AVX2 1 /* and AVX-512BW: both chosen at run time */
#endif
#endif

#include "mime.h"

/*
 * Runs of plain CRLF lines, 64 octets (one block) at a time. An octet at i
 * is fine when (msg[i] == LF) == (msg[i - 1] == CR): every LF has its CR and
 * every CR its LF. An octet that is not, (while a multipart is open) a '-'
 * right after an LF, and (while the charged part has no NUL yet) a NUL, is a
 * "stop": the run ends at the start of the line that holds it, which
 * mime_body then reads the exact, slow way. A line over
 * CRM_MIME_MAX_LINE octets spans at least MIME_RUN_LONG whole blocks without LF
 * (1000 or more octets from its start to its LF, which lies at most 63
 * octets into its block: 937 or more before that block, 14 whole blocks):
 * the run ends at the start of any line that does, and of the line that
 * reaches past the last whole block. So every line the run passes is one
 * mime_body would pass with no new anomaly.
 */
#define MIME_RUN_BLOCK 64
#define MIME_RUN_LONG  ((CRM_MIME_MAX_LINE + 2 - (MIME_RUN_BLOCK - 1)) / MIME_RUN_BLOCK)

#if defined(MIME_HAVE_SSE2)
/* mime_run_line - start of the line holding x, p being a line start before it */
static const char *
mime_run_line(const char *p, const char *x)
{
    while (x > p && x[-1] != '\n')
        x--;
    return x;
}

/*
 * mime_fast_sse2 - a cheap superset of the stops among the 16 octets at q
 * (q[-1] readable), as bits: the CR/LF mismatches and the octets equal to
 * vx, which the caller completes with the block's NULs and checks again
 * exactly; OUT *lf their LFs, *c the octets.
 */
static inline __m128i
mime_fast_sse2(const char *q, __m128i vx, __m128i *lf, __m128i *c)
{
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(q - 1));

    *c = _mm_loadu_si128((const __m128i *)(const void *)q);
    *lf = _mm_cmpeq_epi8(*c, _mm_set1_epi8('\n'));
    return _mm_or_si128(_mm_xor_si128(*lf, _mm_cmpeq_epi8(b, _mm_set1_epi8('\r'))),
                        _mm_cmpeq_epi8(*c, vx));
}

/* mime_stop_sse2 - the stops among the 16 octets at q (q[-1] readable), as bits */
static inline __m128i
mime_stop_sse2(const char *q, int delims, int nuls)
{
    const __m128i vlf = _mm_set1_epi8('\n');
    __m128i c = _mm_loadu_si128((const __m128i *)(const void *)q);
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(q - 1));
    __m128i s = _mm_xor_si128(_mm_cmpeq_epi8(c, vlf), _mm_cmpeq_epi8(b, _mm_set1_epi8('\r')));

    if (delims)
        s = _mm_or_si128(
            s, _mm_and_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('-')), _mm_cmpeq_epi8(b, vlf)));
    if (nuls)
        s = _mm_or_si128(s, _mm_cmpeq_epi8(c, _mm_setzero_si128()));
    return s;
}

/*
 * mime_stops_sse2 - bit mask of the stops among the 64 octets at q. Not
 * inlined: the block loop needs its registers more than this rare call.
 */
__attribute__((noinline)) static uint64_t
mime_stops_sse2(const char *q, int delims, int nuls)
{
    uint64_t m = 0;
    int i;

    for (i = 0; i < MIME_RUN_BLOCK; i += 16)
        m |= (uint64_t)(uint16_t)_mm_movemask_epi8(mime_stop_sse2(q + i, delims, nuls)) << i;
    return m;
}

/* mime_run_sse2 - mime_run with 16-octet compares */
static const char *
mime_run_sse2(const char *p, const char *end, int delims, int nuls)
{
    /* what else the filter looks for: any '-' while delims, a NUL (the
     * block's least octet is 0) while nuls; 0xff, which ASCII and UTF-8
     * text never have, stands for nothing */
    const __m128i vx = _mm_set1_epi8(delims ? '-' : '\xff');
    const __m128i vz = _mm_set1_epi8(nuls ? '\0' : '\xff');
    __m128i l0, l1, l2, l3, c0, c1, c2, c3, s;
    const char *q;
    unsigned nolf = 0;
    uint64_t stop;
    size_t n;

    for (q = p, n = (size_t)(end - p) / MIME_RUN_BLOCK; n > 0; q += MIME_RUN_BLOCK, n--) {
        s = _mm_or_si128(
            _mm_or_si128(mime_fast_sse2(q, vx, &l0, &c0), mime_fast_sse2(q + 16, vx, &l1, &c1)),
            _mm_or_si128(mime_fast_sse2(q + 32, vx, &l2, &c2),
                         mime_fast_sse2(q + 48, vx, &l3, &c3)));
        /* the block's least octet */
        c0 = _mm_min_epu8(_mm_min_epu8(c0, c1), _mm_min_epu8(c2, c3));
        s = _mm_or_si128(s, _mm_cmpeq_epi8(c0, vz));
        if (_mm_movemask_epi8(s) != 0 && (stop = mime_stops_sse2(q, delims, nuls)) != 0)
            return mime_run_line(p, q + __builtin_ctzll(stop));
        l0 = _mm_or_si128(_mm_or_si128(l0, l1), _mm_or_si128(l2, l3));
        nolf = _mm_movemask_epi8(l0) != 0 ? 0 : nolf + 1;
        if (nolf >= MIME_RUN_LONG)
            break;
    }
    return mime_run_line(p, q);
}
#endif

#if defined(MIME_HAVE_AVX2)
/* mime_fast_avx2 - mime_fast_sse2 for the 32 octets at q */
__attribute__((target("avx2"))) static inline __m256i
mime_fast_avx2(const char *q, __m256i vx, __m256i *lf, __m256i *c)
{
    __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(q - 1));

    *c = _mm256_loadu_si256((const __m256i *)(const void *)q);
    *lf = _mm256_cmpeq_epi8(*c, _mm256_set1_epi8('\n'));
    return _mm256_or_si256(_mm256_xor_si256(*lf, _mm256_cmpeq_epi8(b, _mm256_set1_epi8('\r'))),
                           _mm256_cmpeq_epi8(*c, vx));
}

/* mime_stop_avx2 - mime_stop_sse2 for the 32 octets at q */
__attribute__((target("avx2"))) static inline __m256i
mime_stop_avx2(const char *q, int delims, int nuls)
{
    const __m256i vlf = _mm256_set1_epi8('\n');
    __m256i c = _mm256_loadu_si256((const __m256i *)(const void *)q);
    __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(q - 1));
    __m256i s =
        _mm256_xor_si256(_mm256_cmpeq_epi8(c, vlf), _mm256_cmpeq_epi8(b, _mm256_set1_epi8('\r')));

    if (delims)
        s = _mm256_or_si256(s, _mm256_and_si256(_mm256_cmpeq_epi8(c, _mm256_set1_epi8('-')),
                                                _mm256_cmpeq_epi8(b, vlf)));
    if (nuls)
        s = _mm256_or_si256(s, _mm256_cmpeq_epi8(c, _mm256_setzero_si256()));
    return s;
}

/* mime_stops_avx2 - bit mask of the stops among the 64 octets at q */
__attribute__((target("avx2"), noinline)) static uint64_t
mime_stops_avx2(const char *q, int delims, int nuls)
{
    return (uint64_t)(uint32_t)_mm256_movemask_epi8(mime_stop_avx2(q, delims, nuls)) |
           (uint64_t)(uint32_t)_mm256_movemask_epi8(mime_stop_avx2(q + 32, delims, nuls)) << 32;
}

/* mime_run_avx2 - mime_run with 32-octet compares */
__attribute__((target("avx2"))) static const char *
mime_run_avx2(const char *p, const char *end, int delims, int nuls)
{
    const __m256i vx = _mm256_set1_epi8(delims ? '-' : '\xff'); /* as in mime_run_sse2 */
    const __m256i vz = _mm256_set1_epi8(nuls ? '\0' : '\xff');
    __m256i l0, l1, c0, c1, s;
    const char *q;
    unsigned nolf = 0;
    uint64_t stop;
    size_t n;

    for (q = p, n = (size_t)(end - p) / MIME_RUN_BLOCK; n > 0; q += MIME_RUN_BLOCK, n--) {
        s = _mm256_or_si256(mime_fast_avx2(q, vx, &l0, &c0), mime_fast_avx2(q + 32, vx, &l1, &c1));
        /* the block's least octet */
        c0 = _mm256_min_epu8(c0, c1);
        s = _mm256_or_si256(s, _mm256_cmpeq_epi8(c0, vz));
        if (!_mm256_testz_si256(s, s) && (stop = mime_stops_avx2(q, delims, nuls)) != 0)
            return mime_run_line(p, q + __builtin_ctzll(stop));
        l0 = _mm256_or_si256(l0, l1);
        nolf = _mm256_testz_si256(l0, l0) ? nolf + 1 : 0;
        if (nolf >= MIME_RUN_LONG)
            break;
    }
    return mime_run_line(p, q);
}
#endif

#if defined(MIME_HAVE_AVX2)
/*
 * mime_run_avx512 - mime_run with 64-octet compares into mask registers
 * (AVX-512BW). A block's stops are exact in a few mask operations, so there
 * is no cheap superset to check first: '-' counts only while delims (dm all
 * ones) and right after an LF, NUL only while nuls (zm all ones).
 */
__attribute__((target("avx512f,avx512bw"))) static const char *
mime_run_avx512(const char *p, const char *end, int delims, int nuls)
{
    const __m512i vlf = _mm512_set1_epi8('\n'), vcr = _mm512_set1_epi8('\r');
    const __m512i vdash = _mm512_set1_epi8('-'), vzero = _mm512_setzero_si512();
    const __mmask64 dm = delims ? ~(__mmask64)0 : 0, zm = nuls ? ~(__mmask64)0 : 0;
    __m512i c, b;
    __mmask64 lf, stop;
    const char *q;
    unsigned nolf = 0;
    size_t n;

    for (q = p, n = (size_t)(end - p) / MIME_RUN_BLOCK; n > 0; q += MIME_RUN_BLOCK, n--) {
        c = _mm512_loadu_si512((const void *)q);
        b = _mm512_loadu_si512((const void *)(q - 1));
        lf = _mm512_cmpeq_epi8_mask(c, vlf);
        stop = lf ^ _mm512_cmpeq_epi8_mask(b, vcr);
        stop |= _mm512_mask_cmpeq_epi8_mask(_mm512_cmpeq_epi8_mask(c, vdash) & dm, b, vlf);
        stop |= _mm512_cmpeq_epi8_mask(c, vzero) & zm;
        if (stop != 0)
            return mime_run_line(p, q + __builtin_ctzll(stop));
        nolf = lf != 0 ? 0 : nolf + 1;
        if (nolf >= MIME_RUN_LONG)
            break;
    }
    return mime_run_line(p, q);
}
#endif

/*
 * crm_mime_run - the run of plain CRLF lines from the line start p (see
 * above), by the scanner scan.
 */
const char *
crm_mime_run(int scan, const char *msg, const char *p, const char *end, int delims, int nuls)
{
    if (p == msg || p[-1] != '\n')
        return p;
#if defined(MIME_HAVE_AVX2)
    if (scan >= CRM_MIME_SCAN_AVX512)
        return mime_run_avx512(p, end, delims, nuls);
    if (scan >= CRM_MIME_SCAN_AVX2)
        return mime_run_avx2(p, end, delims, nuls);
#endif
#if defined(MIME_HAVE_SSE2)
    if (scan >= CRM_MIME_SCAN_SSE2)
        return mime_run_sse2(p, end, delims, nuls);
#else
    (void)end;
    (void)delims;
    (void)nuls;
#endif
    return p;
}

/* crm_mime_run_best - the widest scanner this build and CPU have */
int
crm_mime_run_best(void)
{
    int best = CRM_MIME_SCAN_SCALAR;

#if defined(MIME_HAVE_SSE2)
    best = CRM_MIME_SCAN_SSE2;
#endif
#if defined(MIME_HAVE_AVX2)
    if (__builtin_cpu_supports("avx2"))
        best = CRM_MIME_SCAN_AVX2;
    /* AVX-512VBMI marks the CPUs (Ice Lake and later, Zen 4) whose clock does
     * not drop for light 512-bit integer work; on Skylake-SP and Cascade
     * Lake it does, for the whole core, so AVX2 runs there. */
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vbmi"))
        best = CRM_MIME_SCAN_AVX512;
#endif
    return best;
}
