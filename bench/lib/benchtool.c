/*
 * bench/lib/benchtool.c — the benchmark's two guest-side helpers, in one
 * static binary (compiled by bench/run with the host's gcc).
 *
 *   benchtool time OUTFILE LIMIT_S CMD [ARGS...]
 *       Runs CMD (stdin/stdout/stderr inherited) in its own process group,
 *       measuring wall time with CLOCK_MONOTONIC around fork..wait4, and
 *       appends one line "WALL_NS MAXRSS_KB STATUS UTIME_US STIME_US" to
 *       OUTFILE. MAXRSS_KB is ru_maxrss from wait4, i.e. the peak RSS of the
 *       largest process of the tree (CMD and the children it waited for).
 *       STATUS is the exit status, 128+N for a signal, 124 if LIMIT_S (>0)
 *       elapsed (the group is killed). UTIME_US and STIME_US are ru_utime and
 *       ru_stime of the same wait4 (user and system CPU time of CMD plus the
 *       children it waited for), in microseconds: they tell the time spent in
 *       the kernel (IPVS netlink, /proc reads) from the tool's own work.
 *       The exit status of benchtool itself is STATUS.
 *
 *   benchtool udp SPORT_BASE COUNT ADDR:PORT...
 *       Sends COUNT one-byte UDP datagrams; datagram i goes to target
 *       i % T from local port SPORT_BASE + i / T (bound explicitly, so the
 *       flows, and hence the IPVS connection entries, are the same in every
 *       namespace this runs in). Prints the number sent.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void on_alarm(int sig)
{
    (void)sig;
    timed_out = 1;
    if (child > 0)
        kill(-child, SIGKILL);
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmd_time(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: benchtool time OUTFILE LIMIT_S CMD [ARGS...]\n");
        return 2;
    }
    const char *outfile = argv[2];
    int limit = atoi(argv[3]);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);

    long long t0 = now_ns();
    child = fork();
    if (child < 0) {
        perror("benchtool: fork");
        return 125;
    }
    if (child == 0) {
        setpgid(0, 0);
        execvp(argv[4], argv + 4);
        fprintf(stderr, "benchtool: exec %s: %s\n", argv[4], strerror(errno));
        _exit(127);
    }
    setpgid(child, child);
    if (limit > 0)
        alarm((unsigned)limit);
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    pid_t r;
    while ((r = wait4(child, &st, 0, &ru)) < 0 && errno == EINTR)
        ;
    long long t1 = now_ns();
    alarm(0);
    int status;
    if (r < 0)
        status = 125;
    else if (timed_out)
        status = 124;
    else if (WIFEXITED(st))
        status = WEXITSTATUS(st);
    else if (WIFSIGNALED(st))
        status = 128 + WTERMSIG(st);
    else
        status = 125;
    FILE *f = fopen(outfile, "a");
    if (!f) {
        perror("benchtool: open result file");
        return 125;
    }
    fprintf(f, "%lld %ld %d %lld %lld\n", t1 - t0, ru.ru_maxrss, status,
            (long long)ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec,
            (long long)ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec);
    fclose(f);
    return status;
}

static int cmd_udp(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: benchtool udp SPORT_BASE COUNT ADDR:PORT...\n");
        return 2;
    }
    int base = atoi(argv[2]);
    long count = atol(argv[3]);
    int nt = argc - 4;
    struct sockaddr_in *dst = calloc((size_t)nt, sizeof *dst);
    for (int i = 0; i < nt; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", argv[4 + i]);
        char *colon = strrchr(buf, ':');
        if (!colon) {
            fprintf(stderr, "benchtool: bad target %s\n", argv[4 + i]);
            return 2;
        }
        *colon = 0;
        dst[i].sin_family = AF_INET;
        dst[i].sin_port = htons((unsigned short)atoi(colon + 1));
        if (inet_pton(AF_INET, buf, &dst[i].sin_addr) != 1) {
            fprintf(stderr, "benchtool: bad address %s\n", buf);
            return 2;
        }
    }
    long sent = 0;
    for (long i = 0; i < count; i++) {
        long sport = base + i / nt;
        if (sport > 65535) {
            fprintf(stderr, "benchtool: out of source ports at flow %ld\n", i);
            break;
        }
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        if (s < 0) {
            perror("benchtool: socket");
            return 1;
        }
        int one = 1;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        struct sockaddr_in src;
        memset(&src, 0, sizeof src);
        src.sin_family = AF_INET;
        src.sin_port = htons((unsigned short)sport);
        if (bind(s, (struct sockaddr *)&src, sizeof src) < 0) {
            fprintf(stderr, "benchtool: bind port %ld: %s\n", sport, strerror(errno));
            close(s);
            continue;
        }
        if (sendto(s, "x", 1, 0, (struct sockaddr *)&dst[i % nt], sizeof dst[0]) == 1)
            sent++;
        close(s);
    }
    printf("%ld\n", sent);
    return sent == count ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "time") == 0)
        return cmd_time(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "udp") == 0)
        return cmd_udp(argc, argv);
    fprintf(stderr, "usage: benchtool time|udp ...\n");
    return 2;
}
