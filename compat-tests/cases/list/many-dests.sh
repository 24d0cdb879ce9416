# desc: a service with 300 real servers and a table of 300 services: dumps that span many netlink messages list and save completely, in 1.31's order
{
    echo "-A -t 10.0.0.100:80 -s wrr"
    i=0
    while [ $i -lt 300 ]; do
        echo "-a -t 10.0.0.100:80 -r 192.168.$((i / 200 + 1)).$((i % 200 + 2)):$((8000 + i % 7)) -m -w $((i % 5))"
        echo "-A -u 10.2.$((i / 100)).$((i % 100 + 1)):53 -s rr"
        i=$((i + 1))
    done
} > rules
ipvsadm -R < rules
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn | md5sum
ipvsadm -Ln -t 10.0.0.100:80 | tail -3
