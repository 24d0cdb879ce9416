# desc: a 10,000-line restore with kernel errors and popt errors sprinkled through it reports each in line order with 1.31's text and ends with the last line's status
# cost: 100
# (both runs take about 106 s in the guest on 6.1 and 6.12, 15 s on 5.10)
i=0
while [ $i -lt 2000 ]; do
    v="10.3.$((i / 200)).$((i % 200 + 1)):80"
    echo "-A -t $v -s rr"
    echo "-a -t $v -r 192.168.1.$((i % 200 + 2)):8080 -m"
    case $((i % 97)) in
        5) echo "-A -t $v -s rr" ;;                              # Service already exists
        17) echo "-a -t 10.9.9.9:80 -r 192.168.1.2:80 -m" ;;      # Service not defined
        29) echo "-a -t $v -r 192.168.1.$((i % 200 + 2)):8080 -m" ;;  # Destination already exists
        41) echo "-A -t 10.8.8.$((i % 200 + 1)):80 --bogus" ;;    # popt error, continues
        53) echo "-d -t $v -r 192.168.2.1:80" ;;                  # No such destination
        67) echo "-A -t 10.7.7.$((i % 200 + 1)):80 -s nosuch" ;;  # Scheduler not found
        *) echo "-a -t $v -r 192.168.2.$((i % 200 + 2)):8081 -m -w 2" ;;
    esac
    echo "-e -t $v -r 192.168.1.$((i % 200 + 2)):8080 -m -w 3"
    echo "ipvsadm -E -t $v -s wrr"
    i=$((i + 1))
done > rules
wc -l < rules
ipvsadm -R < rules
echo "rc=$?"
ipvsadm -Sn | md5sum
ipvsadm -Ln | tail -4
# the same with a failing last line: status 255
{ cat rules; echo "-A -t 10.3.0.1:80"; } | { ipvsadm -C; ipvsadm -R; }
echo "rc=$?"
