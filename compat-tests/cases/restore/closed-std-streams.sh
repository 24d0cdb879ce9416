# desc: standard streams left closed by the caller: -R with stdin closed sees end of input (no rules, rc 0) instead of reading from the first socket opened; listings and errors with stdout or stderr closed end with the usual status
ipvsadm -A -t 10.0.0.1:80 -s rr
ipvsadm -R <&-
echo "R closed stdin rc=$?"
echo "-A -t 10.0.0.3:80" | ipvsadm -R >&-
echo "R closed stdout rc=$?"
ipvsadm -Ln >&-
echo "Ln closed stdout rc=$?"
ipvsadm -a -t 10.0.0.9:80 -r 10.0.0.2 2>&-
echo "bad add closed stderr rc=$?"
ipvsadm -Ln 2>&-
echo "Ln closed stderr rc=$?"
