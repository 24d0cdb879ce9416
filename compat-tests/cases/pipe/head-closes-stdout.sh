# desc: a listing into a pipe that closes early (ipvsadm -Ln | head) ends quietly, and its status under pipefail is 1.31's (killed by SIGPIPE)
i=0
while [ $i -lt 4000 ]; do
    echo "-A -t 10.1.$((i / 200)).$((i % 200 + 1)):80 -s rr"
    i=$((i + 1))
done > rules
ipvsadm -R < rules
echo "rc=$?"
set -o pipefail
ipvsadm -Ln | head -2
echo "rc=$?"
ipvsadm -Sn | head -1
echo "rc=$?"
ipvsadm -C
